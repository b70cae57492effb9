"""Report settings an office edits once: header lines, ký hiệu, place, signer, recipients,
and where reporting periods start. Kept among the database's settings (so they travel with
the database), one record for the commune police ("report:xa") and one per village
("report:thon:<village id>"); anything not set falls back to names made from the commune's
and the village's records. They are read from a snapshot and written through a
`SettingsArchive` (the roster's `ReportRecords`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Protocol

from antt_tui.criteria.facts import Facts
from antt_tui.criteria.snapshot import Snapshot
from antt_tui.domain.errors import ValidationError
from antt_tui.domain.text import check_text


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """What an office sets once: header lines, number sign, place, signer, recipients."""

    parent_body: str
    issuing_body: str
    abbreviation: str
    """Ký hiệu of the issuing body after "BC-", e.g. "CAX"."""
    place: str
    """Địa danh for the date line, e.g. "Tân Lập"."""
    signer_authority: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    kinh_gui: tuple[str, ...] = ()


def default_settings(facts: Facts, scope: str) -> ReportSettings:
    """Settings made from the commune's and village's names (edited once by the office)."""
    commune = facts.snapshot.commune
    name = commune.name if commune is not None else "Xã"
    place = name.split(" ", 1)[1] if name.lower().startswith(("xã ", "phường ")) else name
    province = commune.province if commune is not None else ""
    if scope:
        village = facts.village_name(scope)
        return ReportSettings(
            parent_body=f"UBND {name}".upper(), issuing_body=village.upper(),
            abbreviation="TH", place=place, signer_authority=("TRƯỞNG THÔN",),
            signer_name="", recipients=("Công an xã;", "Đảng ủy, UBND xã;", "Lưu: Thôn."),
            kinh_gui=(f"Công an {name[:1].lower()}{name[1:]}",))
    return ReportSettings(
        parent_body=f"CÔNG AN TỈNH {province}".upper() if province else "CÔNG AN TỈNH",
        issuing_body=f"CÔNG AN {name}".upper(), abbreviation="CAX", place=place,
        signer_authority=("TRƯỞNG CÔNG AN XÃ",), signer_name="",
        recipients=(f"Công an tỉnh {province};" if province else "Công an tỉnh;",
                    "Đảng ủy, UBND xã;", "Lưu: VT, CAX."))


LIST_FIELDS = ("signer_authority", "recipients", "kinh_gui")
LABELS = {
    "parent_body": "Cơ quan chủ quản", "issuing_body": "Cơ quan ban hành",
    "abbreviation": "Ký hiệu", "place": "Địa danh", "signer_authority": "Chức vụ người ký",
    "signer_name": "Người ký", "recipients": "Nơi nhận", "kinh_gui": "Kính gửi",
    "boundary_day": "Ngày bắt đầu kỳ báo cáo",
}


SIGNER_FIELDS = ("signer_name", "signer_authority")
"""The settings a report cannot be issued without (ô 7 of Nghị định 30: who signs, as what)."""


class SignerMissing(ValidationError):
    """A report is issued only with its signer's name and title set; `errors` names the
    missing ones ("signer_name", "signer_authority")."""


def missing_signer(settings: ReportSettings) -> dict[str, str]:
    """The signer settings still to set before a report can be issued (field → what is
    missing, in Vietnamese); empty when both are set."""
    missing = {}
    if not settings.signer_name.strip():
        missing["signer_name"] = "Báo cáo chưa có họ tên người ký."
    if not any(line.strip() for line in settings.signer_authority):
        missing["signer_authority"] = "Báo cáo chưa có chức vụ người ký."
    return missing


def settings_id(scope: str) -> str:
    """The id of a unit's settings record."""
    return f"report:thon:{scope}" if scope else "report:xa"


class SettingsArchive(Protocol):
    """Where report settings are written (the roster's `ReportRecords`; memory in tests)."""

    def save_settings(self, settings_id: str, fields: dict[str, Any], *, summary: str
                      ) -> dict[str, Any]:
        """Set these fields of a settings record (one saved change; `summary` says what;
        none saves nothing); returns what the record now holds."""
        ...


def stored(snapshot: Snapshot, scope: str) -> dict[str, Any]:
    """What the office has set for this unit (possibly nothing)."""
    return dict(snapshot.settings.get(settings_id(scope)) or {})


def settings_for(facts: Facts, scope: str) -> ReportSettings:
    """The unit's report settings: the stored ones over the defaults."""
    base = default_settings(facts, scope)
    values = {k: (tuple(v) if k in LIST_FIELDS else v)
              for k, v in stored(facts.snapshot, scope).items()
              if k in {f.name for f in dataclasses.fields(ReportSettings)}}
    return dataclasses.replace(base, **values)


def boundary_day(snapshot: Snapshot, scope: str) -> int:
    """Where this unit's reporting months start: 1 (calendar) unless set to e.g. 15."""
    return int(stored(snapshot, scope).get("boundary_day") or 1)


def save(archive: SettingsArchive, scope: str, changes: dict[str, Any], unit_name: str
         ) -> dict[str, Any]:
    """Check changed settings and save them (one journal entry), returning what the unit has
    set now; bad values change nothing."""
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in changes.items():
        if key not in LABELS:
            errors[key] = f"Không có thiết lập “{key}”."
        elif key == "boundary_day":
            if not isinstance(value, int) or not 1 <= value <= 28:
                errors[key] = "Ngày bắt đầu kỳ báo cáo phải từ 1 đến 28."
            else:
                fields[key] = value
        elif key in LIST_FIELDS:
            try:
                items = [text for v in value if (text := check_text(str(v), what=LABELS[key]))]
            except ValueError as exc:
                errors[key] = str(exc)
                continue
            if key == "signer_authority" and not items:
                errors[key] = "Ghi chức vụ người ký, ví dụ TRƯỞNG CÔNG AN XÃ."
            fields[key] = items
        else:
            try:
                text = check_text(str(value), what=LABELS[key])
            except ValueError as exc:
                errors[key] = str(exc)
                continue
            if key in ("issuing_body", "abbreviation", "place") and not text:
                errors[key] = f"{LABELS[key]} không được để trống."
            fields[key] = text
    if errors:
        raise ValidationError(errors)
    said = ", ".join(LABELS[k] for k in fields)
    return archive.save_settings(settings_id(scope), fields,
                                 summary=f"Thiết lập báo cáo của {unit_name}: {said}")
