"""VC001 unused-suppression: a suppression comment that silenced nothing.

What it does
    Reports ``voicecheck: ignore[...]``, ``ignore-file[...]`` and
    ``disable[...]`` comments under which no finding of the named codes
    occurred in this run.

Why
    Stale suppressions hide future problems and tell readers something that is
    no longer true (ruff's RUF100 does the same for ``noqa``).

Bad
    <!-- voicecheck: ignore[VC101] -->
    <p>Welcome, member!</p>

Good
    <p>Welcome, member!</p>
"""
CODE = "VC001"
