"""Benchmarks anyone can re-run: accuracy on the labelled benchmark, robustness
and speed on the real corpus, and the speed comparison with textlint.

    python -m voicecheck.bench score ../shared/bench/dev
    python -m voicecheck.bench real ../shared/corpora/real
    python -m voicecheck.bench speed
"""
