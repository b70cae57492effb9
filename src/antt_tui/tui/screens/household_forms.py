"""The roster's workflows as forms: each opens the generic form screen with a form of
`forms/` and a submit function that saves through the roster (one transaction each)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from antt_tui.domain import vocab
from antt_tui.domain.dates import PartialDate
from antt_tui.forms import Choice, FormError, load_forms
from antt_tui.roster import Roster
from antt_tui.roster.entities import PersonRecord
from antt_tui.tui.screens.form import FormScreen, Submit

if TYPE_CHECKING:
    from antt_tui.tui.app import AnttApp

def open_form(app: AnttApp, form_id: str, submit: Submit, *,
              adjust: Callable[[Any], Any] | None = None,
              callback: Callable[[Any], None] | None = None, **options: Any) -> None:
    """Show a form of `forms/`; a broken definition gives a message naming file and line.

    `adjust` may drop fields that do not apply (e.g. "new head" when nobody else remains).
    """
    from antt_tui.tui.screens.dialogs import MessageDialog

    try:
        form = load_forms()[form_id]
    except (FormError, KeyError) as exc:
        text = str(exc) if isinstance(exc, FormError) else f"Không có biểu mẫu “{form_id}”."
        app.push_screen(MessageDialog("Biểu mẫu bị lỗi", f"{text}\n\nHãy sửa tệp biểu mẫu "
                                      "trong thư mục forms/ (xem forms/README.md)."))
        return
    if adjust is not None:
        form = adjust(form)
    app.push_screen(FormScreen(form, submit, **options), callback)


def _roster(app: AnttApp) -> Roster:
    return app.state.roster


def _accept(reason: str | None) -> bool | str:
    return reason if reason else False


def _code(roster: Roster, household_id: str) -> str:
    """The household's code ("" when there is no such household)."""
    household = roster.household_record(household_id)
    return household.code if household is not None else ""


def _is_head(roster: Roster, household_id: str, person_id: str) -> bool:
    household = roster.household_record(household_id)
    return household is not None and household.head_id == person_id


def _member_choices(roster: Roster, household_id: str, *, exclude: str = "") -> list[Choice]:
    rows = []
    for person in roster.members(household_id, present_only=True):
        if person.id == exclude:
            continue
        relation = vocab.label(vocab.RELATIONS, person.relation, "")
        birth = PartialDate.from_iso(person.birth).display if person.birth else ""
        detail = f"{relation}, {birth}" if birth else relation
        rows.append(Choice(person.id, f"{person.full_name} ({detail})"))
    return rows


def create_database(app: AnttApp, *, on_done: Callable[[], None]) -> None:
    """The first run: province, commune and villages, then open the new database."""
    state = app.state

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        villages = [line.strip() for line in cleaned["villages"].splitlines() if line.strip()]
        session = state.open(create=True)
        session.roster.init_commune(province=cleaned["province"], name=cleaned["commune"],
                                    legacy_district=cleaned.get("legacy_district", ""),
                                    villages=villages)
        return f"Đã tạo cơ sở dữ liệu {cleaned['commune']} với {len(villages)} thôn."

    def closed(result: Any) -> None:
        if result:
            on_done()
        else:
            app.exit()

    open_form(app, "commune_new", submit, callback=closed,
              intro=f"Chưa có dữ liệu ở {state.folder}. Nhập thông tin xã để bắt đầu "
                    "(Ctrl+S để lưu, Esc để thoát).")


def add_household(app: AnttApp, *, village_id: str = "") -> None:
    """Register a household with its head."""
    roster = _roster(app)
    villages = [Choice(v.id, v.name) for v in roster.villages()]

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        household = roster.add_household(
            cleaned["village"], head=cleaned["head"],
            household={"address": cleaned["address"],
                       "residence_status": cleaned["residence_status"],
                       **({"moved_in_on": cleaned["moved_in_on"]}
                          if cleaned.get("moved_in_on") else {})},
            accept_warnings=_accept(reason))
        head = roster.person_record(household.head_id)
        return (f"Đã thêm hộ {household.code}, chủ hộ "
                f"{head.full_name if head is not None else ''}.")

    open_form(app, "household_new", submit, sources={"villages": villages},
              values={"village": village_id or None})


def edit_household(app: AnttApp, household_id: str) -> None:
    """Edit address, residence status and notes of a household."""
    roster = _roster(app)
    household = roster.household_record(household_id)
    code = household.code if household is not None else ""

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        roster.edit_household(household_id, cleaned)
        return f"Đã lưu hộ {code}."

    open_form(app, "household", submit,
              values=household.form_values() if household is not None else None,
              title=f"Sửa hộ {code}")


def person_values(person: PersonRecord) -> dict[str, Any]:
    """A saved person as the person form shows it (dd/mm/yyyy birth)."""
    values = person.form_values()
    if person.birth:
        values["birth"] = PartialDate.from_iso(person.birth).display
    return values


def add_person(app: AnttApp, household_id: str) -> None:
    """Add a member to a household."""
    roster = _roster(app)
    code = _code(roster, household_id)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        person = roster.add_person(household_id, cleaned, accept_warnings=_accept(reason))
        return f"Đã thêm {person.full_name} vào hộ {code}."

    open_form(app, "person", submit, title=f"Thêm nhân khẩu vào hộ {code}")


def edit_person(app: AnttApp, person_id: str) -> None:
    """Correct a member's details (the head's relation is changed by "đổi chủ hộ")."""
    roster = _roster(app)
    person = roster.person_record(person_id)
    values = person_values(person) if person is not None else None
    is_head = person is not None and person.is_head
    name = person.full_name if person is not None else ""

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        if is_head:
            cleaned.pop("relation", None)
            cleaned.pop("relation_text", None)
        roster.edit_person(person_id, cleaned, accept_warnings=_accept(reason))
        return f"Đã lưu {cleaned.get('full_name') or name}."

    # The head's relation is changed only by "đổi chủ hộ".
    open_form(app, "person", submit, values=values,
              adjust=(lambda f: _without(f, {"relation", "relation_text"})) if is_head else None,
              title=f"Sửa nhân khẩu: {name}")


def _without(form: Any, field_ids: set[str]) -> Any:
    from dataclasses import replace

    return replace(form, fields=tuple(f for f in form.fields if f.id not in field_ids))


def person_event(app: AnttApp, person_id: str, kind: str) -> None:
    """Death (`kind` vocab.DECEASED) or moving away (vocab.MOVED_AWAY) of a member."""
    roster = _roster(app)
    person = roster.person_record(person_id)
    name = person.full_name if person is not None else ""
    household_id = person.household_id if person is not None else ""
    state = app.state
    others = _member_choices(roster, household_id, exclude=person_id)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        method = roster.mark_deceased if kind == vocab.DECEASED else roster.mark_moved_away
        method(person_id, on=cleaned["status_on"], new_head_id=cleaned.get("new_head_id"),
               reason=cleaned.get("reason", ""))
        verb = "đã mất" if kind == vocab.DECEASED else "đã chuyển đi"
        return f"Đã ghi nhận {name} {verb}."

    head = _is_head(roster, household_id, person_id)
    form_id = "event_deceased" if kind == vocab.DECEASED else "event_moved_away"
    title = "Khai tử" if kind == vocab.DECEASED else "Nhân khẩu chuyển đi"
    open_form(app, form_id, submit, sources={"other_members": others},
              adjust=None if head and others else (lambda f: _without(f, {"new_head_id"})),
              values={"status_on": f"{state.today():%d/%m/%Y}"},
              title=f"{title}: {name}")


def move_member(app: AnttApp, person_id: str) -> None:
    """Move a member to another household of the commune."""
    roster = _roster(app)
    person = roster.person_record(person_id)
    name = person.full_name if person is not None else ""
    household_id = person.household_id if person is not None else ""
    others = _member_choices(roster, household_id, exclude=person_id)
    head = _is_head(roster, household_id, person_id)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        target = roster.household(cleaned["to_household"])
        roster.move_person(person_id, target.id, relation=cleaned["relation"],
                           new_head_id=cleaned.get("new_head_id"))
        return f"Đã chuyển {name} sang hộ {target.code}."

    open_form(app, "event_move_member", submit, sources={"other_members": others},
              adjust=None if head and others else (lambda f: _without(f, {"new_head_id"})),
              title=f"Chuyển {name} sang hộ khác")


def split_household(app: AnttApp, household_id: str) -> None:
    """Split (tách hộ): chosen members leave to form a new household."""
    roster = _roster(app)
    code = _code(roster, household_id)
    members = _member_choices(roster, household_id)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        new = roster.split_household(
            household_id, cleaned["member_ids"], new_head_id=cleaned["new_head_id"],
            household={"address": cleaned["address"],
                       "residence_status": cleaned["residence_status"],
                       **({"moved_in_on": cleaned["moved_in_on"]}
                          if cleaned.get("moved_in_on") else {})},
            source_new_head_id=cleaned.get("source_new_head_id"))
        return f"Đã tách hộ mới {new.code} từ hộ {code}."

    open_form(app, "event_split", submit, sources={"members": members},
              title=f"Tách hộ từ hộ {code}")


def merge_into(app: AnttApp, household_id: str) -> None:
    """Merge (nhập hộ) another household into this one."""
    roster = _roster(app)
    code = _code(roster, household_id)

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        absorbed = roster.household(cleaned["absorb"])
        roster.merge_households(household_id, absorbed.id)
        return f"Đã nhập hộ {absorbed.code} vào hộ {code}."

    open_form(app, "event_merge", submit, title=f"Nhập một hộ khác vào hộ {code}")


def change_head(app: AnttApp, household_id: str) -> None:
    """Make another present member the head."""
    roster = _roster(app)
    household = roster.household_record(household_id)
    code = household.code if household is not None else ""
    others = _member_choices(roster, household_id,
                             exclude=household.head_id if household is not None else "")

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        roster.change_head(household_id, cleaned["new_head_id"],
                           old_head_relation=cleaned["old_head_relation"])
        return f"Đã đổi chủ hộ {code}."

    open_form(app, "event_change_head", submit, sources={"other_members": others},
              title=f"Đổi chủ hộ {code}")


def household_move_out(app: AnttApp, household_id: str) -> None:
    """The whole household moves away."""
    roster = _roster(app)
    code = _code(roster, household_id)
    state = app.state

    def submit(cleaned: dict[str, Any], reason: str | None) -> str:
        roster.household_move_out(household_id, on=cleaned["moved_out_on"],
                                  reason=cleaned.get("reason", ""))
        return f"Đã ghi nhận hộ {code} chuyển đi."

    open_form(app, "event_household_move_out", submit,
              values={"moved_out_on": f"{state.today():%d/%m/%Y}"},
              title=f"Hộ {code} chuyển đi")
