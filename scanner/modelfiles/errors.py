"""The error every model-file reader raises for a header it will not trust."""

from __future__ import annotations


class ModelFileError(Exception):
    """A malformed, truncated or hostile header. The message says what and where (byte offset)."""
