"""Model loads started in a background thread, so they overlap with a run's other work.

Each :class:`Loads` keeps its threads, joins them when the interpreter exits (a load
cut off by the interpreter's teardown can crash it: onnxruntime aborts under a session
being made), and says whether one is still running (the CLI then exits without waiting
for a load it did not need: ``voicecheck.cli.finish``). A load that fails is not raised
in its thread: the caller that needs the model loads it again and raises it there, as
one line.
"""
from __future__ import annotations

import atexit
import threading
from typing import Callable


class Loads:
    """The background loads of one kind of model."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def start(self, load: Callable[..., object], *args, name: str) -> None:
        """Run ``load(*args)`` in a daemon thread called ``name``."""
        thread = threading.Thread(target=_quietly, args=(load, *args), name=name, daemon=True)
        if not self.threads:
            atexit.register(self.finish)
        self.threads.append(thread)
        thread.start()

    def finish(self) -> None:
        """Wait for every load started."""
        for thread in self.threads:
            thread.join()

    def running(self) -> bool:
        """Is a load still running?"""
        return any(t.is_alive() for t in self.threads)


def _quietly(load: Callable[..., object], *args) -> None:
    try:
        load(*args)
    except Exception:  # noqa: BLE001 - raised again, as one line, where the model is used
        pass
