"""Errors a user can act on. Each carries the file and a reason in plain Vietnamese + English."""

from __future__ import annotations


class InputError(Exception):
    """A file that cannot be read as a report. ``str()`` is the one line the CLI prints."""

    def __init__(self, path: str, reason: str, code: str = "unreadable") -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.code = code
