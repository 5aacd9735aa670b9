"""Per-file work in a pool of processes, for runs big enough to pay for one.

:func:`ordered` maps a callable over the files and yields the results in the
files' order, whether it runs in this process or in ``jobs`` worker processes,
so a run's output is the same byte for byte (``tests/test_parallel.py``).

* **When.** :func:`processes` decides: one process when asked for one, for a
  handful of files (pre-commit passes a few staged files) and for little text;
  the pool otherwise. A pool costs 30–60 ms of wall time (importing
  ``concurrent.futures``, forking, the first results, shutting down: ``--jobs 2``
  against ``--jobs 1`` on 20 Markdown files, thresholds off) and about 10 % more
  CPU (results pickled back, each worker's first use of what it inherited);
  checking costs about 0.3 ms per file plus 0.5 µs per byte. Measured on the
  2-core machine (median of 5, ``check --format json``, thresholds off): the
  speed benchmark's 200 Markdown files (124 KB) 0.45 s in one process against
  0.52 s in two (load 1.2–1.8); its 2,000 files (1.2 MB) 2.22 s against 1.86 s
  (load 1.4); the real corpus ×10 (4,220 files, 22 MB) 10.1–10.4 s against
  5.6–6.8 s (load 2.4–3). With another job keeping one core busy there is no
  second core to win: two processes were slower at every size up to 2,000
  files (2.01 s against 2.18 s, load 2.4). Hence the thresholds, both to be
  reached: :data:`MIN_FILES` files and :data:`MIN_BYTES` bytes.
* **How.** Worker processes are forked from this one (``fork`` start method),
  after the vocabulary is compiled, so they start with the matchers built and
  share this process's memory until they write to it (``gc.freeze`` keeps the
  garbage collector from touching it). Forking is safe only from a process
  that runs one thread (the CLI starts its pool before any other thread): a
  process that runs several (a test runner, an application calling
  :func:`voicecheck.engine.run`), or a platform without ``fork``, starts its
  workers with ``forkserver`` or ``spawn`` instead, which pickle the work
  callable to each worker once. Files
  go out in chunks of about :data:`CHUNK_BYTES` (at most :data:`CHUNK_FILES`
  files), so the cost of a task stays small next to its work while every
  process still gets many chunks to balance the load; a chunk is sent as two
  indexes into the task list each worker already holds.
* **Ctrl-C.** Workers ignore SIGINT (it is blocked while they are forked, so no
  signal can reach one before it says so); this process gets the
  KeyboardInterrupt, stops the workers and the CLI exits with code 130 and one
  line, no traceback.

Importing this module imports nothing beyond the standard library's small modules;
``concurrent.futures`` and ``multiprocessing`` load only when a pool starts.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Fewest files a pool is started for (a pre-commit run over a few staged files stays in one process).
MIN_FILES = 40
#: Least total size of the files (bytes) a pool is started for.
MIN_BYTES = 200_000
#: Size of the files sent to a worker at once (bytes), and the most files in one chunk.
CHUNK_BYTES = 256_000
CHUNK_FILES = 64

_work: Callable | None = None  # the callable the workers run (inherited through fork, or sent to each worker)
_tasks: Sequence = ()  # what they run it on; a chunk is sent as (first, end) indexes into it


def cpu_count() -> int:
    """The cores this process may run on (its CPU affinity where the platform tells it)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _size(task) -> int:
    path = getattr(task, "abspath", None)
    try:
        return os.stat(path).st_size if path is not None else 0
    except OSError:
        return 0


def processes(jobs: int | None, tasks: Sequence) -> int:
    """How many processes check ``tasks``: ``jobs`` (None: one per core), but one when the run is
    too small to pay for a pool (fewer than :data:`MIN_FILES` files or :data:`MIN_BYTES` bytes)."""
    want = cpu_count() if jobs is None else jobs
    if want <= 1 or len(tasks) < MIN_FILES:
        return 1
    total = 0
    for task in tasks:
        total += _size(task)
        if total >= MIN_BYTES:
            return min(want, len(tasks))
    return 1


def chunks(tasks: Sequence[T], jobs: int) -> list[tuple[int, int]]:
    """``tasks`` cut in order into chunks of about :data:`CHUNK_BYTES` (fewer when the whole run
    would give each process less than eight chunks), at most :data:`CHUNK_FILES` files each:
    (first, end) indexes."""
    sizes = [_size(t) for t in tasks]
    target = max(16_000, min(CHUNK_BYTES, sum(sizes) // (jobs * 8)))
    out: list[tuple[int, int]] = []
    first = weight = 0
    for i, size in enumerate(sizes):
        weight += size
        if weight >= target or i + 1 - first >= CHUNK_FILES:
            out.append((first, i + 1))
            first, weight = i + 1, 0
    if first < len(sizes):
        out.append((first, len(sizes)))
    return out


def _run_chunk(chunk: tuple[int, int]) -> list:
    first, end = chunk
    return [_work(task) for task in _tasks[first:end]]


def _worker_started(work: Callable | None, tasks: Sequence | None) -> None:
    """In each worker: Ctrl-C is the parent's to handle; no progress is reported from here."""
    import signal

    global _work, _tasks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # POSIX: SIGINT was blocked while this process was forked
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if work is not None:  # started fresh (spawn, forkserver): what a forked worker inherits, sent once
        _work, _tasks = work, tasks
    from voicecheck import progress

    progress._listener.clear()  # the parent's progress bar is not this process's


@contextmanager
def ordered(work: Callable[[T], R], tasks: Sequence[T], jobs: int) -> Iterator[Iterable[R]]:
    """``work(task)`` for each task, in order: in this process when ``jobs`` is 1, else in a pool
    of ``jobs`` processes (started when the block is entered, stopped when it is left). An
    exception raised by ``work`` in a worker is raised here."""
    global _work, _tasks
    if jobs <= 1 or len(tasks) < 2:
        yield (work(task) for task in tasks)
        return
    pool, futures = _start(work, tasks, jobs)
    try:
        yield _results(futures)
    finally:
        # Ctrl-C, or an error here or in a worker: the chunks not started are cancelled and the workers
        # finish the one they hold (a chunk is small: at most CHUNK_BYTES). They are not terminated: one
        # killed while it writes its result leaves half a message in the result pipe, and the pool's
        # manager thread, reading it, would wait for the rest for ever (and this process with it).
        pool.shutdown(wait=True, cancel_futures=True)
        _work, _tasks = None, ()


def _start(work: Callable, tasks: Sequence, jobs: int):
    import gc
    import multiprocessing
    import signal
    import threading
    from concurrent.futures import ProcessPoolExecutor

    global _work, _tasks
    methods = multiprocessing.get_all_start_methods()
    forked = "fork" in methods and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if forked else "forkserver" if "forkserver" in methods else "spawn")
    _work, _tasks = work, tasks
    gc.freeze()  # objects made so far stay where they are: the workers share their pages
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pool = None
    try:
        # the tasks go to the workers once (inherited, or with the work), and each chunk as two indexes: the
        # queue that feeds the workers never holds much, so stopping them can't leave its writer stuck
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_started,
                                   initargs=(None, None) if forked else (work, list(tasks)))
        parts = chunks(tasks, jobs)
        futures = [pool.submit(_run_chunk, chunk) for chunk in parts]  # the first submit starts the workers
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a Ctrl-C that came meanwhile: here
    except BaseException:
        if pool is not None:  # stopped here: the caller never gets it
            _stop(pool)
            pool.shutdown(wait=True, cancel_futures=True)
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        _work, _tasks = None, ()
        raise
    finally:
        gc.unfreeze()
    log = os.environ.get("VOICECHECK_POOL_LOG")
    if log:  # tests: proof that the pool ran, and how
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"processes={jobs} chunks={len(parts)} files={len(tasks)} start={context.get_start_method()}\n")
    return pool, futures


def _results(futures) -> Iterator:
    for i, future in enumerate(futures):
        yield from future.result()
        futures[i] = None  # its results are handed out: don't keep them


def _stop(pool) -> None:
    """Stop the workers now (Ctrl-C, an error): what they were doing is not needed any more."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, ValueError):
            pass
