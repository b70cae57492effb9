"""Yearly documents of a village or the commune (K1, X1, 19.2a): the chi bộ / Đảng ủy
resolution, the registration to aim for the standard, the plan; number and date."""

from __future__ import annotations

from typing import Any

from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.roster.entities import DocumentRecord
from antt_tui.roster.formcheck import checked
from antt_tui.roster.service import Roster, delete_reason, new_id
from antt_tui.storage import tables

KINDS = {"nghi_quyet": "Nghị quyết", "dang_ky": "Đăng ký phấn đấu", "ke_hoach": "Kế hoạch"}


def scope_of(roster: Roster, village: str | None) -> tuple[str, str, str]:
    """(scope, village id, name) for a village reference, or the commune for None/""."""
    if village:
        found = roster.village(village)
        return "thon", found.id, found.name
    commune = roster.commune()
    return "xa", "", commune.name if commune is not None else "xã"


class Documents:
    """The document register (table `documents`)."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.store = roster.store

    def add(self, answers: dict[str, Any], *, village: str | None = None) -> DocumentRecord:
        """Record a document of a village (`village` = code, id or name) or of the commune.

        The assessment year defaults to the year of issue (November and December count for
        the next year, whose window they open).
        """
        scope, village_id, name = scope_of(self.roster, village)
        fields = checked("document", answers, today=self.roster.today())
        issued = fields["issued_on"]
        year = fields.get("year") or (int(issued[:4]) + (1 if int(issued[5:7]) >= 11 else 0))
        fields["year"] = int(year)
        for other in self.list(year=fields["year"], village_id=village_id, scope=scope):
            if other.kind == fields["kind"] and other.number == fields["number"]:
                raise ValidationError({"number": (
                    f"Văn bản số {fields['number']} ({KINDS[fields['kind']].lower()}) năm "
                    f"{fields['year']} của {name} đã được ghi nhận.")})
        did = new_id()
        record = {"scope": scope, "village_id": village_id, **fields}
        self.store.commit("document.add", self.store.op_set(tables.DOCUMENTS, did, record, new=True),
                          summary=f"Ghi nhận {KINDS[fields['kind']].lower()} số "
                                  f"{fields['number']} ngày {vn_date(issued)} của {name} "
                                  f"(năm {fields['year']})")
        saved = self.store.get(tables.DOCUMENTS, did)
        assert saved is not None
        return DocumentRecord.of(saved)

    def list(self, *, year: int | None = None, village_id: str | None = None,
             scope: str | None = None) -> list[DocumentRecord]:
        """Documents (not deleted) by year, unit and date of issue."""
        rows = [d for d in self.store.records(tables.DOCUMENTS) if not d.get("deleted")
                and (year is None or d.get("year") == year)
                and (village_id is None or d.get("village_id", "") == village_id)
                and (scope is None or d.get("scope") == scope)]
        rows.sort(key=lambda d: (d.get("year", 0), d.get("scope", ""), d.get("village_id", ""),
                                 d.get("issued_on", "")))
        return [DocumentRecord.of(d) for d in rows]

    def delete(self, document_id: str, *, reason: str) -> None:
        """Remove a document entered by mistake (kept in the journal with the reason)."""
        found = DocumentRecord.maybe(self.store.get(tables.DOCUMENTS, document_id))
        if found is None or found.deleted:
            matches = [d for d in self.list() if len(document_id) >= 6
                       and d.id.startswith(document_id)]
            if len(matches) != 1:
                raise NotFound(f"Không tìm thấy văn bản “{document_id}”.")
            found = matches[0]
        reason = delete_reason(reason)
        self.store.commit("document.delete", self.store.op_set(
            tables.DOCUMENTS, found.id, {"deleted": True, "deleted_reason": reason}),
            summary=f"Xóa văn bản số {found.number} nhập nhầm: {reason}")
