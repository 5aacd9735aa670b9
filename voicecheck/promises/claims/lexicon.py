"""The word lists of the claim readers, loaded once from ``data/*.yaml``.

Each file is one kind of list (units, hedges, negation termsets, schedules,
cost, requirements, channels and agents, antonym axes, scope) and documents
itself. Adding a word is a data change: edit the file, add a test sentence.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """The mapping in ``data/<name>.yaml``."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 6x faster
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
    if not isinstance(data, dict):
        raise ValueError(f"{DATA / name}.yaml: expected a mapping")
    return data


@cache
def words(name: str, key: str) -> frozenset[str]:
    """A list of ``data/<name>.yaml`` as a set of lower-case strings."""
    return frozenset(str(w).lower() for w in load(name)[key])


@cache
def phrases(name: str, key: str) -> tuple[tuple[str, ...], ...]:
    """The multi-word entries of a list, as word tuples, longest first."""
    out = {tuple(str(w).lower().split()) for w in load(name)[key]}
    return tuple(sorted(out, key=lambda t: (-len(t), t)))


@cache
def mapping(name: str, key: str) -> dict[str, Any]:
    """A mapping of ``data/<name>.yaml`` with lower-case keys."""
    return {str(k).lower(): v for k, v in load(name)[key].items()}
