"""Errors of the model layer, importable without importing any model code."""


class ModelError(Exception):
    """A model that can't be loaded (missing, corrupt, misconfigured): str() is
    one line; the CLI exits with code 2."""


class CacheWarning(UserWarning):
    """A cache that was unusable and rebuilt, or can't be written: the CLI prints
    it as one ``warning:`` line; the run goes on with correct results."""
