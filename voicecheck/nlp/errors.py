"""Errors of the model layer, importable without importing any model code."""


class ModelError(Exception):
    """A model that can't be loaded (missing, corrupt, misconfigured): str() is
    one line; the CLI exits with code 2."""
