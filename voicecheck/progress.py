"""Progress of a run, reported to whoever listens (the CLI's progress bar).

The stages that take time report here: files parsed (the engine), passages
embedded (:mod:`voicecheck.nlp.embeddings`), pairs judged
(:mod:`voicecheck.promises.model`). Nothing is shown from here: the engine's
caller passes a callback ``(stage, done, total)`` to :func:`listening` (through
``engine.run(..., progress=...)``); without one, reporting costs a function call.
Importing this module imports nothing else.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

Callback = Callable[[str, int, int], None]
_listener: list[Callback] = []


@contextmanager
def listening(callback: Callback | None) -> Iterator[None]:
    """Send every stage's progress to ``callback`` while the block runs."""
    if callback is None:
        yield
        return
    _listener.append(callback)
    try:
        yield
    finally:
        _listener.remove(callback)


def stage(name: str, total: int) -> Callable[[int], None]:
    """Start a stage of ``total`` items; call the result with the number of items
    done since the last call."""
    if not _listener:
        return _ignore
    callback = _listener[-1]
    done = 0
    callback(name, 0, total)

    def advance(n: int = 1) -> None:
        nonlocal done
        done += n
        callback(name, done, total)

    return advance


def _ignore(n: int = 1) -> None:
    return None
