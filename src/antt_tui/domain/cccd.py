"""Checks for the personal ID number ("số định danh cá nhân", printed on the CCCD card).

The 12 digits read ``PPP G YY NNNNNN`` (Thông tư 07/2016/TT-BCA):

- ``PPP``: code of the province where the birth was registered, the pre-2025 63-province
  GSO code with a leading 0 (001 Hà Nội … 096 Cà Mau). It never changes when provinces merge.
- ``G``: sex and century of birth. Even is Nam, odd is Nữ; 0/1 → 1900s, 2/3 → 2000s,
  4/5 → 2100s, 6/7 → 2200s, 8/9 → 2300s.
- ``YY``: last two digits of the birth year.
- ``NNNNNN``: a serial number with no checksum.

A malformed number is an error. A number that disagrees with the person's recorded sex or
birth year is only a warning, because legacy rosters are often wrong about either. The old
9-digit identity card number (CMND) is not a CCCD and is checked separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from antt_tui.domain.vocab import SEXES

__all__ = [
    "PROVINCE_CODES",
    "CccdCheck",
    "CmndCheck",
    "birth_year_from",
    "check_cccd",
    "check_cmnd",
    "mask_cccd",
    "normalize_id_number",
    "province_name",
    "sex_from_digit",
]

PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}
"""Code → name of the 63 provinces as they were before the 2025 merger (TT 07/2016/TT-BCA)."""

CCCD_LENGTH = 12
"""Number of digits in a personal ID number."""
CMND_LENGTH = 9
"""Number of digits in an old identity card (CMND) number."""


def normalize_id_number(number: str) -> str:
    """Drop the spaces and dots typed inside ID numbers ("001 088.012345" → "001088012345")."""
    return "".join(number.split()).replace(".", "")


def province_name(code: str) -> str | None:
    """Return the province name of a 3-digit code ("079" → "Hồ Chí Minh"), or None if unknown."""
    return PROVINCE_CODES.get(code)


def sex_from_digit(g: int) -> str:
    """Return the sex code ("nam" or "nu") that the 4th digit of a CCCD stands for."""
    return "nam" if g % 2 == 0 else "nu"


def birth_year_from(g: int, yy: int) -> int:
    """Return the full birth year from the 4th digit (century) and the 5th–6th digits (year).

    ``birth_year_from(0, 88)`` is 1988 and ``birth_year_from(3, 5)`` is 2005.
    """
    return 1900 + 100 * (g // 2) + yy


def _is_digits(s: str) -> bool:
    """True when ``s`` is made only of the ASCII digits 0-9 (not Arabic-Indic or full-width)."""
    return s.isascii() and s.isdigit()


@dataclass(frozen=True)
class CccdCheck:
    """Result of checking a personal ID number ("số định danh cá nhân / CCCD").

    ``errors`` mean the number cannot be right and must not be saved as is; ``warnings`` mean
    it disagrees with what the roster says about the person and deserves a second look.
    """

    number: str
    """The number without spaces and dots."""
    errors: tuple[str, ...] = ()
    """Why the number is malformed, in Vietnamese; empty when it is well formed."""
    warnings: tuple[str, ...] = ()
    """Where the number disagrees with the person's sex or birth year, in Vietnamese."""

    @property
    def ok(self) -> bool:
        """True when the number is well formed (warnings are allowed)."""
        return not self.errors

    @property
    def _well_sized(self) -> bool:
        """True when the number is 12 ASCII digits, so its parts can be read."""
        return len(self.number) == CCCD_LENGTH and _is_digits(self.number)

    @property
    def province_code(self) -> str | None:
        """The first three digits, or None when the number is not 12 digits."""
        return self.number[:3] if self._well_sized else None

    @property
    def province_name(self) -> str | None:
        """Name of the birth-registration province, or None when unknown or malformed."""
        code = self.province_code
        return province_name(code) if code else None

    @property
    def sex(self) -> str | None:
        """Sex code ("nam" or "nu") the number encodes, or None when malformed."""
        return sex_from_digit(int(self.number[3])) if self._well_sized else None

    @property
    def birth_year(self) -> int | None:
        """Birth year the number encodes, or None when malformed."""
        if not self._well_sized:
            return None
        return birth_year_from(int(self.number[3]), int(self.number[4:6]))


def check_cccd(number: str, sex: str | None = None, birth_year: int | None = None) -> CccdCheck:
    """Check a personal ID number against its format and against the person it belongs to.

    ``sex`` is the person's recorded sex code ("nam", "nu" or None when unknown) and
    ``birth_year`` their recorded birth year (or None). Spaces and dots are removed first.
    Not 12 digits or an unknown province code is an error; a sex or birth year (including the
    century) that disagrees with the number is a warning.
    """
    if sex is not None and sex not in SEXES:
        raise ValueError(f"unknown sex code {sex!r}; expected one of {list(SEXES)} or None")
    digits = normalize_id_number(number)
    errors: list[str] = []
    if not digits:
        errors.append("Chưa nhập số CCCD.")
    elif not _is_digits(digits):
        errors.append("Số CCCD chỉ được gồm chữ số.")
    elif len(digits) != CCCD_LENGTH:
        message = f"Số CCCD phải có đúng 12 chữ số (số đã nhập có {len(digits)} chữ số)."
        if len(digits) == CMND_LENGTH:
            message += " Số 9 chữ số là số CMND cũ, hãy nhập vào ô CMND."
        errors.append(message)
    elif digits[:3] not in PROVINCE_CODES:
        errors.append(f"Mã tỉnh “{digits[:3]}” (3 chữ số đầu của số CCCD) không có trong danh mục.")
    if errors:
        return CccdCheck(digits, tuple(errors))

    check = CccdCheck(digits)
    warnings: list[str] = []
    if sex is not None and check.sex != sex:
        warnings.append(
            f"Số CCCD cho biết giới tính {SEXES[check.sex]} nhưng nhân khẩu ghi {SEXES[sex]}."
        )
    if birth_year is not None and check.birth_year != birth_year:
        warnings.append(
            f"Số CCCD cho biết năm sinh {check.birth_year} "
            f"nhưng nhân khẩu ghi năm sinh {birth_year}."
        )
    return CccdCheck(digits, (), tuple(warnings))


@dataclass(frozen=True)
class CmndCheck:
    """Result of checking an old identity card number ("số chứng minh nhân dân", CMND)."""

    number: str
    """The number without spaces and dots."""
    errors: tuple[str, ...] = ()
    """Why the number is malformed, in Vietnamese; empty when it is well formed."""

    @property
    def ok(self) -> bool:
        """True when the number is well formed."""
        return not self.errors


def check_cmnd(number: str) -> CmndCheck:
    """Check an old 9-digit identity card number (CMND); it belongs in its own field.

    A 12-digit number is refused with a hint that it belongs in the CCCD field.
    """
    digits = normalize_id_number(number)
    errors: list[str] = []
    if not digits:
        errors.append("Chưa nhập số CMND.")
    elif not _is_digits(digits):
        errors.append("Số CMND chỉ được gồm chữ số.")
    elif len(digits) != CMND_LENGTH:
        message = f"Số CMND phải có đúng 9 chữ số (số đã nhập có {len(digits)} chữ số)."
        if len(digits) == CCCD_LENGTH:
            message += " Số 12 chữ số là số định danh cá nhân, hãy nhập vào ô CCCD."
        errors.append(message)
    return CmndCheck(digits, tuple(errors))


def mask_cccd(number: str) -> str:
    """Hide all but the last four digits, for lists and printouts: "••••••••1234".

    Spaces and dots are removed first; a number of four characters or fewer is hidden entirely.
    """
    digits = normalize_id_number(number)
    if len(digits) <= 4:
        return "•" * len(digits)
    return "•" * (len(digits) - 4) + digits[-4:]
