"""Errors of the storage layer; each carries a message an officer can act on."""


class StoreError(Exception):
    """Base class: the message is Vietnamese and shown as it is."""


class NotADatabase(StoreError):
    """The folder is not an antt_tui database."""


class DatabaseLocked(StoreError):
    """Another copy of the program has the folder open."""


class NewerSchema(StoreError):
    """The folder was written by a newer version of the program."""


class DatabaseDamaged(StoreError):
    """A file of the database cannot be read; `antt check` can restore it."""
