"""What this laptop remembers between runs, outside any database: who is using it.

Kept in `Paths.config` (config.json in the program's home folder) as UTF-8 JSON, written
atomically. The officer's name goes into every journal entry made on this laptop; the CLI's
`--can-bo` / ANTT_OFFICER still win for one run.
"""

from __future__ import annotations

import json
from typing import Any

from antt_tui.domain.text import NAME_MAX, check_name, check_text
from antt_tui.paths import Paths
from antt_tui.storage.atomic import write_bytes


def read_config(paths: Paths) -> dict[str, Any]:
    """The remembered settings ({} when there are none or the file is unreadable: they are a
    convenience, never a reason not to start)."""
    try:
        data = json.loads(paths.config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_officer(paths: Paths) -> str:
    """The officer who last said they use this laptop ("" if nobody did)."""
    name = read_config(paths).get("officer")
    try:
        return check_text(name, what="Tên cán bộ", max_len=NAME_MAX) if isinstance(
            name, str) else ""
    except ValueError:
        return ""


def officer_name(text: str) -> str:
    """`text` checked as an officer's name (NFC, spaces tidied); `ValueError` with a
    Vietnamese message for an empty or invalid one."""
    name = check_name(text, what="Tên cán bộ", max_len=NAME_MAX)
    if not name:
        raise ValueError("Nhập họ và tên cán bộ đang dùng máy.")
    return name


def remember_officer(paths: Paths, name: str) -> str:
    """Check and remember the officer using this laptop; returns the name as stored."""
    name = officer_name(name)
    config = read_config(paths)
    config["officer"] = name
    paths.home.mkdir(parents=True, exist_ok=True)
    write_bytes(paths.config, json.dumps(config, ensure_ascii=False, indent=2).encode("utf-8"))
    return name
