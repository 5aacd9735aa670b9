"""Background model loads (voicecheck.nlp.background): run in a thread, failures left to the caller."""
from __future__ import annotations

import threading

from voicecheck.nlp.background import Loads


def test_a_load_runs_in_its_own_thread_and_is_waited_for():
    loads, gate, seen = Loads(), threading.Event(), []
    loads.start(lambda x: (gate.wait(5), seen.append((x, threading.current_thread().name))), 7, name="load-x")
    assert loads.running()
    gate.set()
    loads.finish()
    assert not loads.running() and seen == [(7, "load-x")]


def test_a_failed_load_is_not_raised_in_its_thread():
    loads, raised = Loads(), []
    old = threading.excepthook
    threading.excepthook = lambda args: raised.append(args.exc_type)
    try:
        loads.start(lambda: 1 / 0, name="load-fails")
        loads.finish()
    finally:
        threading.excepthook = old
    assert raised == [] and not loads.running()
