"""Every place on disk that antt_tui reads or writes.

`ANTT_HOME` moves the whole data root (tests, and a portable install on a USB stick).
Asking for a path never creates anything; `Paths.ensure()` does, once, at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

HOME_ENV = "ANTT_HOME"
"""Environment variable that moves the data root."""

APP_NAME = "antt_tui"


@dataclass(frozen=True, slots=True)
class Paths:
    """The folders antt_tui uses, derived from one root."""

    home: Path
    """Root of everything below; `ANTT_HOME` when set."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Paths:
        """Paths for this user: `ANTT_HOME` if set, else the platform's user data folder."""
        env = os.environ if environ is None else environ
        root = env.get(HOME_ENV, "").strip()
        if root:
            return cls(Path(root).expanduser().resolve())
        import platformdirs

        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def database(self) -> Path:
        """The default database folder (one folder of JSON files)."""
        return self.home / "data"

    @property
    def demo_database(self) -> Path:
        """The generated demo commune opened by `antt demo`."""
        return self.home / "demo"

    @property
    def backups(self) -> Path:
        """Rolling backups of the database folders."""
        return self.home / "backups"

    @property
    def exports(self) -> Path:
        """Reports, spreadsheets and sync bundles written for the user."""
        return self.home / "exports"

    @property
    def logs(self) -> Path:
        """Log files for support staff."""
        return self.home / "logs"

    @property
    def error_log(self) -> Path:
        """Unexpected errors, for technical staff: types and code locations, no personal data
        (`antt_tui.errorlog`); rotated as `antt-errors.log.1` … beside it."""
        return self.logs / "antt-errors.log"

    @property
    def config(self) -> Path:
        """Settings file of this installation."""
        return self.home / "config.json"

    @property
    def set_aside(self) -> Path:
        """Damaged files a repair or an open replaced, kept in dated folders for support."""
        return self.home / "tep-hong"

    def set_aside_for(self, database: Path) -> Path:
        """The folder of damaged files of one database folder (named after it)."""
        return self.set_aside / database.resolve().name

    def backups_for(self, database: Path) -> Path:
        """The backup folder of one database folder (named after it)."""
        return self.backups / database.resolve().name

    def ensure(self) -> None:
        """Create the folders that must exist before the program writes anything."""
        for folder in (self.home, self.backups, self.exports, self.logs):
            folder.mkdir(parents=True, exist_ok=True)

    def describe(self) -> list[tuple[str, Path]]:
        """Every location with a Vietnamese label, for `antt paths`."""
        return [
            ("Thư mục gốc", self.home),
            ("Cơ sở dữ liệu", self.database),
            ("Cơ sở dữ liệu mẫu (demo)", self.demo_database),
            ("Sao lưu", self.backups),
            ("Tệp hỏng đã cất riêng", self.set_aside),
            ("Xuất báo cáo, gói đồng bộ", self.exports),
            ("Nhật ký chương trình (log)", self.logs),
            ("Tệp cấu hình", self.config),
            ("Định nghĩa biểu mẫu", forms_dir()),
        ]


def forms_dir() -> Path:
    """The form definitions: shipped inside the package, or `forms/` of a source checkout."""
    packaged = Path(str(resources.files("antt_tui"))) / "_data" / "forms"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "forms"


def folder_stamp(*folders: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the TOML files: a cache key that changes
    when an officer edits a file while the program runs."""
    out = []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)

