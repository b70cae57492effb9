"""What the commune office's sync screens share: the service of the open database, the errors
a step may raise with their Vietnamese text, and the folder check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from antt_tui.domain.errors import DomainError, ValidationError
from antt_tui.storage.errors import StoreError, describe_os_error
from antt_tui.sync.errors import SyncError
from antt_tui.sync.service import SyncService

if TYPE_CHECKING:
    from antt_tui.tui.app import AnttApp

STEP_ERRORS = (SyncError, StoreError, DomainError, OSError)
"""What a sync step may raise; each becomes a message on screen, and nothing was changed."""

CSS_PATH = "sync_office.tcss"
"""The layout of the commune office's sync screens (beside this module)."""


def service(app: AnttApp) -> SyncService:
    """The round trip of the open database."""
    return SyncService(app.state.roster)


def error_text(exc: BaseException) -> str:
    """A step's error as a sentence for the officer."""
    if isinstance(exc, ValidationError):
        return "; ".join(exc.errors.values())
    if isinstance(exc, FileNotFoundError):
        return f"Không tìm thấy {exc.filename or 'tệp'} (USB đã cắm chưa?)."
    if isinstance(exc, OSError):
        return f"Không đọc, ghi được tệp: {describe_os_error(exc)}."
    return str(exc)


def check_folder(app: AnttApp, folder: Path) -> None:
    """Refuse a folder that is, or lies in, a database or backup folder (`OutputRefused`):
    bundles and key backups go to a stick, never among the data."""
    from antt_tui.outputs import check_output_folder

    state = app.state
    if not folder.is_dir():
        raise FileNotFoundError(2, "không có thư mục", str(folder))
    check_output_folder(folder, [], overwrite=True, paths=state.paths, protected=[state.folder])
