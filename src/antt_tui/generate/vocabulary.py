"""Data tables for generated communes: names, places, occupations, visit and incident details,
the movement's documents, teams and confirmations, and their weights.

Weighted tables are tuples of ``(value, weight)``; weights are relative, not percentages.
Every string is NFC. Frequencies are rounded public figures (surnames: the usual "Nguyễn ≈38%"
estimates; ethnicity and religion: the 2019 census, rounded) tilted by region where the
difference is well known (Khmer in the Mekong delta, Tày and Nùng in the northern mountains,
Catholics in the Red River delta). Place and village names are plausible, not a real commune.
"""

from typing import NamedTuple

# The tables are laid out by hand, several entries a line, so the formatter leaves them alone.
# fmt: off

Weighted = tuple[tuple[str, float], ...]
"""A table of ``(value, relative weight)`` pairs."""

# --- Names --------------------------------------------------------------------------------

SURNAMES: Weighted = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 5.0),
    ("Phan", 4.5), ("Vũ", 3.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5),
    # The tail, together about 11.5%.
    ("Đinh", 0.8), ("Trịnh", 0.7), ("Lương", 0.6), ("Mai", 0.6), ("Đào", 0.6), ("Cao", 0.5),
    ("Lâm", 0.4), ("Tạ", 0.4), ("Hà", 0.5), ("Kiều", 0.3), ("Triệu", 0.3), ("Quách", 0.3),
    ("Đoàn", 0.6), ("Vương", 0.3), ("Tô", 0.3), ("Phùng", 0.3), ("Lại", 0.3), ("Chu", 0.3),
    ("Trương", 0.5), ("Lưu", 0.3), ("Nghiêm", 0.2), ("Khúc", 0.1), ("Mạc", 0.1),
    ("Thái", 0.2), ("Tăng", 0.2), ("Giang", 0.2), ("Đồng", 0.2), ("Hứa", 0.1), ("Âu", 0.1),
)
"""Kinh surnames with approximate national frequencies in percent."""

SOUTHERN_SPELLING: dict[str, str] = {"Hoàng": "Huỳnh", "Vũ": "Võ"}
"""The same surname as usually written in the South (and part of the Centre)."""

ETHNIC_SURNAMES: dict[str, Weighted] = {
    "Tày": (("Hoàng", 4), ("Nông", 4), ("Lý", 2), ("Hà", 2), ("Lương", 2), ("Ma", 1),
            ("Lục", 1), ("Đàm", 1), ("Vi", 1), ("Triệu", 1)),
    "Nùng": (("Hoàng", 4), ("Nông", 3), ("Lăng", 2), ("Vy", 2), ("Chu", 1), ("Lương", 1),
             ("Mã", 1), ("Lục", 1)),
    "Thái": (("Lò", 3), ("Lường", 3), ("Cầm", 2), ("Vi", 2), ("Hà", 2), ("Quàng", 1),
             ("Lộc", 1)),
    "Mường": (("Bùi", 4), ("Đinh", 4), ("Quách", 2), ("Hà", 2), ("Bạch", 1), ("Xa", 1)),
    "Mông": (("Giàng", 3), ("Vàng", 3), ("Sùng", 2), ("Thào", 2), ("Lý", 2), ("Hờ", 1),
               ("Mùa", 1)),
    "Dao": (("Triệu", 4), ("Bàn", 3), ("Đặng", 2), ("Lý", 2), ("Chảo", 1)),
    "Khmer": (("Thạch", 5), ("Sơn", 4), ("Kim", 3), ("Danh", 3), ("Lâm", 2), ("Chau", 2),
              ("Lý", 1)),
    "Hoa": (("Lâm", 3), ("Trương", 3), ("Quách", 2), ("Lý", 2), ("Hứa", 2), ("Tăng", 2),
            ("Mã", 1)),
}
"""Common surnames of some ethnic groups; Kinh surnames are used otherwise."""

MIDDLE_MALE_OLDER: Weighted = (
    ("Văn", 60), ("Hữu", 8), ("Đức", 7), ("Đình", 5), ("Công", 6), ("Quang", 5), ("Minh", 5),
    ("Thanh", 4), ("Ngọc", 3), ("Trọng", 3), ("Xuân", 2), ("Duy", 2), ("Mạnh", 2), ("Tiến", 2),
)
"""Men's middle names for people born before 1985."""

MIDDLE_MALE_YOUNGER: Weighted = (
    ("Văn", 25), ("Minh", 12), ("Đức", 10), ("Quang", 8), ("Gia", 6), ("Hoàng", 6),
    ("Thanh", 5), ("Anh", 5), ("Bảo", 5), ("Hữu", 4), ("Công", 4), ("Tuấn", 4), ("Duy", 4),
    ("Ngọc", 3), ("Đình", 3), ("Trung", 3),
)
"""Men's middle names for people born in 1985 or later."""

MIDDLE_FEMALE_OLDER: Weighted = (
    ("Thị", 85), ("Ngọc", 3), ("Thu", 3), ("Thanh", 3), ("Kim", 2), ("Hồng", 2), ("Minh", 1),
    ("Bích", 1),
)
"""Women's middle names for people born before 1985."""

MIDDLE_FEMALE_YOUNGER: Weighted = (
    ("Thị", 35), ("Ngọc", 10), ("Thu", 8), ("Thanh", 7), ("Minh", 6), ("Kim", 5),
    ("Phương", 5), ("Thùy", 5), ("Bảo", 4), ("Khánh", 4), ("Mai", 4), ("Hồng", 3), ("Diệu", 3),
    ("Quỳnh", 3),
)
"""Women's middle names for people born in 1985 or later."""

SECOND_MIDDLE_FEMALE: tuple[str, ...] = ("Thu", "Thanh", "Kim", "Ngọc", "Hồng", "Minh", "Bích")
"""The second part of a compound middle name such as "Thị Thu" in "Nguyễn Thị Thu Hương"."""

GIVEN_MALE: tuple[str, ...] = (
    "An", "Bình", "Bảo", "Cường", "Chiến", "Công", "Dũng", "Duy", "Đạt", "Đức", "Định",
    "Giang", "Hải", "Hào", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Huy", "Hùng", "Hưng", "Khánh",
    "Khoa", "Kiên", "Lâm", "Long", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
    "Quân", "Quang", "Quý", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung",
    "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Vượng",
)
"""Men's given names."""

GIVEN_FEMALE: tuple[str, ...] = (
    "Anh", "Ánh", "Bích", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Ly",
    "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhàn", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh",
    "Tâm", "Thảo", "Thơm", "Thu", "Thủy", "Thúy", "Trang", "Tuyết", "Vân", "Xuân", "Yến",
)
"""Women's given names."""

GIVEN_MALE_RECENT: tuple[str, ...] = ("Khôi", "Kiệt", "Khang", "Phát", "Lộc", "Nhật", "Vũ")
"""Men's given names popular for children born since 2000, mixed in with the main list."""

GIVEN_FEMALE_RECENT: tuple[str, ...] = ("Hân", "Vy", "Như", "Trâm", "Thư", "Nhi", "Diệp")
"""Women's given names popular for children born since 2000, mixed in with the main list."""

# --- Places -------------------------------------------------------------------------------


class Province(NamedTuple):
    """A province profile: where a generated commune lies and who lives there."""

    name: str
    """Province name since the 1/7/2025 merger."""
    legacy_name: str
    """Province name before 1/7/2025 (the one the CCCD code belongs to)."""
    code: str
    """Pre-2025 3-digit province code used in CCCD numbers of people registered there."""
    region: str
    """Key into the regional tables below."""
    districts: tuple[str, ...]
    """Former districts (huyện), abolished on 1/7/2025."""
    neighbours: tuple[str, ...]
    """CCCD codes of nearby provinces, where most incomers come from."""
    weight: float
    """How often this profile is chosen."""


PROVINCES: tuple[Province, ...] = (
    Province("Hưng Yên", "Thái Bình", "034", "dong_bang_bac_bo",
             ("Huyện Kiến Xương", "Huyện Vũ Thư", "Huyện Tiền Hải", "Huyện Thái Thụy",
              "Huyện Đông Hưng", "Huyện Quỳnh Phụ", "Huyện Hưng Hà"),
             ("033", "036", "031", "030", "035"), 3),
    Province("Hưng Yên", "Hưng Yên", "033", "dong_bang_bac_bo",
             ("Huyện Khoái Châu", "Huyện Kim Động", "Huyện Ân Thi", "Huyện Phù Cừ",
              "Huyện Tiên Lữ", "Huyện Văn Giang", "Huyện Yên Mỹ"),
             ("034", "001", "030", "027", "035"), 3),
    Province("Ninh Bình", "Nam Định", "036", "dong_bang_bac_bo",
             ("Huyện Hải Hậu", "Huyện Giao Thủy", "Huyện Xuân Trường", "Huyện Ý Yên",
              "Huyện Nghĩa Hưng", "Huyện Trực Ninh"),
             ("034", "035", "037", "038"), 2),
    Province("Hải Phòng", "Hải Dương", "030", "dong_bang_bac_bo",
             ("Huyện Gia Lộc", "Huyện Thanh Miện", "Huyện Ninh Giang", "Huyện Cẩm Giàng",
              "Huyện Tứ Kỳ"),
             ("031", "033", "027", "024", "022"), 2),
    Province("Bắc Ninh", "Bắc Giang", "024", "trung_du",
             ("Huyện Lục Nam", "Huyện Yên Thế", "Huyện Lạng Giang", "Huyện Tân Yên",
              "Huyện Hiệp Hòa"),
             ("027", "020", "019", "030", "022"), 1.5),
    Province("Nghệ An", "Nghệ An", "040", "bac_trung_bo",
             ("Huyện Diễn Châu", "Huyện Yên Thành", "Huyện Quỳnh Lưu", "Huyện Nghi Lộc",
              "Huyện Đô Lương", "Huyện Thanh Chương"),
             ("038", "042"), 1.5),
    Province("Thanh Hóa", "Thanh Hóa", "038", "bac_trung_bo",
             ("Huyện Hoằng Hóa", "Huyện Thọ Xuân", "Huyện Quảng Xương", "Huyện Nông Cống",
              "Huyện Hậu Lộc"),
             ("037", "040", "017", "036"), 1.5),
    Province("Lạng Sơn", "Lạng Sơn", "020", "mien_nui_phia_bac",
             ("Huyện Cao Lộc", "Huyện Văn Quan", "Huyện Bình Gia", "Huyện Tràng Định",
              "Huyện Chi Lăng"),
             ("024", "004", "006", "022", "019"), 1),
    Province("Đồng Tháp", "Tiền Giang", "082", "tay_nam_bo",
             ("Huyện Cái Bè", "Huyện Cai Lậy", "Huyện Châu Thành", "Huyện Chợ Gạo",
              "Huyện Gò Công Tây"),
             ("080", "083", "086", "087", "079"), 1),
    Province("Cần Thơ", "Sóc Trăng", "094", "tay_nam_bo",
             ("Huyện Mỹ Tú", "Huyện Kế Sách", "Huyện Trần Đề", "Huyện Thạnh Trị"),
             ("092", "093", "095", "084"), 1),
    Province("An Giang", "An Giang", "089", "tay_nam_bo",
             ("Huyện Chợ Mới", "Huyện Thoại Sơn", "Huyện Phú Tân", "Huyện Châu Phú"),
             ("087", "091", "092"), 1),
)
"""Province profiles a generated commune can belong to."""

FAR_ORIGIN_WEIGHT: dict[str, float] = {"001": 4.0, "079": 4.0, "074": 2.0, "075": 1.5}
"""Extra weight for birth places far from the commune (big cities) among the CCCD province
codes (``antt_tui.domain.cccd.PROVINCE_CODES``); other codes weigh 1."""

COMMUNE_NAMES: tuple[str, ...] = (
    "Xã Tân Lập", "Xã Đông Hưng", "Xã Minh Tân", "Xã Quang Trung", "Xã Hồng Phong",
    "Xã Nam Cường", "Xã Vũ Hội", "Xã An Bình", "Xã Bình Minh", "Xã Hòa Bình",
    "Xã Thống Nhất", "Xã Đoàn Kết", "Xã Tiến Thắng", "Xã Quyết Tiến", "Xã Đông Sơn",
    "Xã Tân Phú", "Xã Long Hưng", "Xã Thanh Tân", "Xã Hợp Thành", "Xã Quỳnh Hải",
)
"""Commune names."""

VILLAGE_NAMES: dict[str, tuple[str, ...]] = {
    "north": (
        "Thôn Đông Hạ", "Thôn Trung Lập", "Thôn Phú Mỹ", "Thôn Đông Thượng", "Thôn Nam Tiến",
        "Thôn Bắc Sơn", "Thôn An Lạc", "Thôn Hòa Bình", "Thôn Phú Xuân", "Thôn Tân Phong",
        "Thôn Thượng Phúc", "Thôn Hạ Đồng", "Thôn Đoài", "Thôn Lạc Thiện", "Thôn Vĩnh Ninh",
        "Thôn Phương Cáp", "Thôn Kim Sơn", "Thôn Đại Đồng", "Thôn Thanh Khê",
        "Thôn Quang Minh", "Thôn Nội", "Thôn Ngoại", "Thôn Tiền Phong", "Thôn Hậu Trạch",
        "Thôn Mỹ Lộc", "Xóm Bãi", "Xóm Chùa", "Xóm Đình", "Xóm Giữa", "Xóm Trại",
        "Xóm Đồng", "Xóm Chợ",
    ),
    "mountain": (
        "Bản Nà Lừa", "Bản Nà Sản", "Bản Nà Hin", "Bản Khuổi Phầy", "Bản Pác Bó",
        "Bản Nặm Cáp", "Bản Pò Mã", "Bản Cốc Lùng", "Bản Lũng Vài", "Bản Nà Làng",
        "Bản Phiêng Luông", "Bản Khau Slưa", "Bản Nà Pàn", "Bản Tồng Khoang", "Bản Co Khuông",
        "Thôn Đồng Bục", "Thôn Pò Nhùng", "Thôn Nà Thuộc", "Thôn Khòn Pát", "Thôn Nà Rào",
        "Thôn Trung Tâm", "Thôn Tân Lập", "Thôn Đồng Tâm", "Thôn Hợp Thành", "Thôn Tân Thành",
        "Thôn Phố Cũ", "Thôn Quyết Thắng", "Thôn Hòa Bình", "Thôn Đồng Mỏ", "Thôn Bình Minh",
    ),
    "south": (
        "Ấp Tân Hòa", "Ấp Mỹ Phú", "Ấp Long Thạnh", "Ấp Bình An", "Ấp Phú Hưng",
        "Ấp Thạnh Lợi", "Ấp Mỹ Lợi", "Ấp Tân Thuận", "Ấp Hòa Thạnh", "Ấp Phước Lộc",
        "Ấp Long Hưng", "Ấp Tân Phú", "Ấp Bình Thạnh", "Ấp An Thới", "Ấp Mỹ Hòa",
        "Ấp Phú Thuận", "Ấp Tân Lợi", "Ấp Long Phú", "Ấp Hòa Long", "Ấp Thới Bình",
        "Ấp Vĩnh Lợi", "Ấp Mỹ Thuận", "Ấp Tân Quy", "Ấp Bình Hòa", "Ấp Phước Thạnh",
        "Ấp Đông Hòa", "Ấp Tây Hòa", "Ấp Sóc Xoài", "Ấp Bưng Tróp", "Ấp Rạch Gòi",
    ),
}
"""Village (thôn, xóm, bản, ấp) names by naming area; each list has at least 30 names."""

"""First words of a village name that are not part of its proper name (skipped in codes)."""

ADDRESS_UNITS: dict[str, tuple[str, ...]] = {
    "Thôn": ("Xóm", "Đội", "Tổ"),
    "Xóm": ("Tổ",),
    "Bản": ("Tổ", "Cụm"),
    "Ấp": ("Tổ",),
}
"""Sub-units used in addresses inside a village, by the village's first word."""

ROADS: tuple[str, ...] = (
    "đường Lê Lợi", "đường Trần Hưng Đạo", "đường Nguyễn Trãi", "đường Quang Trung",
    "đường Lý Thường Kiệt", "đường Hai Bà Trưng", "đường Lê Quý Đôn", "đường Ngô Quyền",
    "đường Trần Phú", "đường Nguyễn Du", "đường Võ Thị Sáu", "đường Phan Bội Châu",
    "đường liên xã", "đường trục thôn", "Quốc lộ 10", "Quốc lộ 39", "Tỉnh lộ 458",
)
"""Roads that houses along a village's main street are numbered on."""

# --- People -------------------------------------------------------------------------------

class Region(NamedTuple):
    """Settings shared by the provinces of one region."""

    villages: str
    """Key into ``VILLAGE_NAMES``."""
    southern_spelling: float
    """Share of "Hoàng" and "Vũ" written "Huỳnh" and "Võ"."""
    ethnicities: Weighted
    """Ethnic groups of households, in percent."""
    religions: Weighted
    """Religions of households, in percent."""


REGIONS: dict[str, Region] = {
    "dong_bang_bac_bo": Region(
        "north", 0.05,
        (("Kinh", 99.0), ("Mường", 0.3), ("Tày", 0.3), ("Hoa", 0.2), ("Nùng", 0.2)),
        (("Không", 84.0), ("Công giáo", 12.0), ("Phật giáo", 3.5), ("Tin lành", 0.5)),
    ),
    "trung_du": Region(
        "north", 0.05,
        (("Kinh", 88.0), ("Nùng", 5.0), ("Tày", 3.0), ("Sán Dìu", 2.0), ("Hoa", 1.0),
         ("Dao", 1.0)),
        (("Không", 92.0), ("Công giáo", 4.0), ("Phật giáo", 3.5), ("Tin lành", 0.5)),
    ),
    "bac_trung_bo": Region(
        "north", 0.35,
        (("Kinh", 94.0), ("Thái", 3.0), ("Mường", 2.5), ("Thổ", 0.5)),
        (("Không", 89.0), ("Công giáo", 8.0), ("Phật giáo", 2.5), ("Tin lành", 0.5)),
    ),
    "mien_nui_phia_bac": Region(
        "mountain", 0.05,
        (("Tày", 36.0), ("Nùng", 30.0), ("Kinh", 25.0), ("Dao", 5.0), ("Mông", 2.5),
         ("Hoa", 1.5)),
        (("Không", 95.0), ("Phật giáo", 2.0), ("Công giáo", 1.5), ("Tin lành", 1.5)),
    ),
    "tay_nam_bo": Region(
        "south", 0.85,
        (("Kinh", 88.0), ("Khmer", 9.0), ("Hoa", 2.5), ("Chăm", 0.5)),
        (("Không", 70.0), ("Phật giáo", 15.0), ("Hòa Hảo", 7.0), ("Cao Đài", 5.0),
         ("Công giáo", 2.5), ("Tin lành", 0.5)),
    ),
}
"""Region settings, keyed by ``Province.region``."""

ETHNICITIES: Weighted = (
    ("Kinh", 85.3), ("Tày", 1.9), ("Thái", 1.9), ("Mường", 1.5), ("Mông", 1.5),
    ("Khmer", 1.4), ("Nùng", 1.1), ("Dao", 0.9), ("Hoa", 0.8),
)
"""National ethnicity shares in percent (2019 census, rounded; smaller groups left out)."""

RELIGIONS: Weighted = (
    ("Không", 86.3), ("Công giáo", 6.1), ("Phật giáo", 4.8), ("Tin lành", 1.0),
    ("Hòa Hảo", 1.0), ("Cao Đài", 0.6),
)
"""National religion shares in percent (2019 census, rounded)."""

ETHNIC_RELIGIONS: dict[str, Weighted] = {
    "Khmer": (("Phật giáo", 95.0), ("Không", 5.0)),
    "Hoa": (("Phật giáo", 45.0), ("Không", 50.0), ("Công giáo", 5.0)),
    "Mông": (("Không", 70.0), ("Tin lành", 30.0)),
}
"""Religion tables that replace the regional one for some ethnic groups."""

OCCUPATIONS: dict[str, Weighted] = {
    "teen": (("Học sinh", 85), ("Tự do", 8), ("Công nhân", 5), ("Làm ruộng", 2)),
    "young": (("Sinh viên", 30), ("Công nhân", 25), ("Đi làm ăn xa", 15), ("Tự do", 12),
              ("Làm ruộng", 5), ("Buôn bán", 4), ("Bộ đội", 3), ("Thợ may", 3),
              ("Thợ xây", 3)),
    "adult_male": (("Làm ruộng", 28), ("Công nhân", 16), ("Tự do", 12), ("Đi làm ăn xa", 9),
                   ("Thợ xây", 8), ("Buôn bán", 6), ("Lái xe", 6), ("Kinh doanh", 3),
                   ("Giáo viên", 2), ("Cán bộ", 3), ("Chăn nuôi", 3), ("Thợ mộc", 2),
                   ("Thợ điện", 2)),
    "adult_female": (("Làm ruộng", 30), ("Công nhân", 17), ("Buôn bán", 12), ("Tự do", 10),
                     ("Nội trợ", 10), ("Đi làm ăn xa", 6), ("Giáo viên", 4), ("Thợ may", 4),
                     ("Kinh doanh", 3), ("Cán bộ", 2), ("Y tá", 1), ("Chăn nuôi", 1)),
    "senior_male": (("Làm ruộng", 40), ("Hưu trí", 25), ("Tự do", 15), ("Chăn nuôi", 5),
                    ("Buôn bán", 5), ("Già yếu", 10)),
    "senior_female": (("Làm ruộng", 35), ("Nội trợ", 20), ("Hưu trí", 15), ("Tự do", 10),
                      ("Buôn bán", 8), ("Già yếu", 12)),
}
"""Occupations by life stage: teen 15–17, young 18–22, adult 23–59, senior 60 and over.
Children aged 6–14 are "Học sinh"; younger children have no occupation ("")."""

PHONE_PREFIXES: Weighted = (
    ("096", 5), ("097", 5), ("098", 5), ("086", 3), ("032", 3), ("033", 3), ("034", 3),
    ("035", 3), ("036", 3), ("037", 3), ("038", 3), ("039", 3), ("091", 3), ("094", 3),
    ("088", 2), ("090", 3), ("093", 3), ("089", 1), ("083", 1), ("084", 1), ("085", 1),
    ("070", 1), ("077", 1), ("079", 1),
)
"""Mobile number prefixes (Viettel, VinaPhone, MobiFone), weighted toward 09x and 03x."""

OFFICER_RANKS: Weighted = (
    ("Thiếu úy", 2), ("Trung úy", 3), ("Thượng úy", 3), ("Đại úy", 3), ("Thiếu tá", 1),
)
"""Ranks of commune police officers in charge of a village."""

HOUSEHOLD_NOTES: tuple[str, ...] = (
    "Hộ nghèo.", "Hộ cận nghèo.", "Gia đình chính sách.", "Gia đình có công với cách mạng.",
    "Có thành viên đi xuất khẩu lao động tại Nhật Bản.",
    "Có thành viên đi xuất khẩu lao động tại Hàn Quốc.", "Hộ kinh doanh tạp hóa.",
    "Hộ có người khuyết tật.", "Có nhà cho thuê trọ.", "Hộ có lắp camera an ninh.",
)
"""Occasional notes on a permanently resident household."""

MOVED_TO: tuple[str, ...] = (
    "TP. Hồ Chí Minh", "Hà Nội", "Đồng Nai", "Bắc Ninh", "Hải Phòng", "xã khác trong tỉnh",
)
"""Where households that moved away went."""

PERSON_NOTES: tuple[str, ...] = (
    "Đang thực hiện nghĩa vụ quân sự.", "Tạm vắng, đi làm việc tại Bình Dương.",
    "Đi xuất khẩu lao động.", "Người khuyết tật.", "Thương binh.",
    "Đang học tập tại Hà Nội.",
)
"""Occasional notes on a person."""

# --- Visits and incidents -----------------------------------------------------------------

VISIT_NOTES: tuple[str, ...] = (
    "Gia đình chấp hành tốt quy định về cư trú.",
    "Đã tuyên truyền phòng chống lừa đảo qua mạng.",
    "Hộ đã ký cam kết xây dựng Hộ an toàn năm nay.",
    "Đã hướng dẫn cài đặt và kích hoạt tài khoản định danh điện tử VNeID.",
    "Nhắc nhở gia đình cất giữ xe máy, khóa cửa cẩn thận khi đi vắng.",
    "Đã kiểm tra bình chữa cháy, còn hạn sử dụng.",
    "Tuyên truyền không đốt rơm rạ gần khu dân cư.",
    "Gia đình hòa thuận, không có mâu thuẫn.",
    "Đã phổ biến số điện thoại đường dây nóng của Công an xã.",
    "Tuyên truyền phòng chống ma túy trong thanh thiếu niên.",
    "Nhắc nhở chấp hành luật giao thông, đội mũ bảo hiểm khi đi xe máy.",
    "Hệ thống điện trong nhà an toàn, không câu móc tùy tiện.",
    "Đã vận động giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ.",
    "Gia đình tích cực tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc.",
    "Đã tuyên truyền về tác hại của tín dụng đen.",
    "Nhắc nhở không để trẻ em tắm sông, ao hồ một mình.",
    "Thành viên trong hộ không vi phạm pháp luật.",
    "Đã cập nhật thông tin nhân khẩu vào sổ theo dõi.",
    "Gia đình thực hiện tốt hương ước, quy ước của thôn.",
    "Đã hướng dẫn khai báo tạm vắng khi đi làm ăn xa.",
    "Tuyên truyền không cung cấp thông tin cá nhân, mã OTP cho người lạ.",
    "Hộ có lắp camera an ninh, kết nối với tổ tự quản.",
    "Nhắc nhở không điều khiển phương tiện sau khi uống rượu bia.",
    "Đã kiểm tra, bếp và bình gas được lắp đặt an toàn.",
)
"""Notes of a household visit that found nothing wrong (result "dat")."""

VISIT_PROBLEMS: tuple[str, ...] = ("h4", "h4", "h1", "h1", "h3", "h5", "h6", "")
"""The item a visit that is not fully "Đạt" is mainly about, drawn uniformly, so a repeated
item is likelier; "" means nobody could answer and several items are "Không rõ". Keep eight
entries: this draw replaced an older one of eight notes, and the same length keeps every
record generated after it unchanged."""

CHECKLIST_ISSUES: dict[str, tuple[str, ...]] = {
    "h1": (
        "Có người thân đến ở nhưng chưa khai báo tạm trú.",
        "Thành viên trong hộ chưa làm thủ tục cấp thẻ căn cước.",
        "Xây tường rào lấn chiếm hành lang đường giao thông.",
        "Chưa chấp hành xong quyết định xử phạt vi phạm hành chính.",
        "Có người tạm trú chưa khai báo, đã hướng dẫn đăng ký.",
    ),
    "h3": (
        "Có người thân nghiện game, bỏ học.",
        "Vợ chồng thường xuyên mâu thuẫn, cãi chửi nhau.",
        "Con trai tụ tập uống rượu, gây ồn ào ban đêm.",
        "Có thành viên tham gia đánh bài ăn tiền.",
        "Gia đình có mâu thuẫn giữa các thành viên, đã hòa giải bước đầu.",
    ),
    "h4": (
        "Con trai chưa đội mũ bảo hiểm khi đi xe máy.",
        "Chưa lắp bình chữa cháy.",
        "Bình chữa cháy hết hạn, chưa thay mới.",
        "Dây điện trong nhà xuống cấp, câu móc không an toàn.",
        "Để vật liệu xây dựng lấn chiếm lòng đường.",
        "Giao xe máy cho con chưa đủ tuổi điều khiển.",
        "Đốt rơm rạ sát khu dân cư.",
        "Không tham gia họp tổ tự quản của thôn.",
    ),
    "h5": (
        "Lao động chính ốm đau, gia đình thiếu việc làm.",
        "Có người trong độ tuổi lao động nhưng không chịu làm ăn.",
        "Nhà ở xuống cấp, đời sống gia đình còn nhiều khó khăn.",
    ),
    "h6": (
        "Có thành viên chia sẻ thông tin chưa được kiểm chứng trên Facebook.",
        "Đã cung cấp mã OTP cho người lạ qua điện thoại.",
        "Đăng ảnh thẻ căn cước lên mạng xã hội.",
        "Tham gia nhóm Zalo lạ mời đầu tư tiền ảo.",
    ),
}
"""Notes for a checklist item answered "Chưa đạt". H2 (a member acting against the State) is
never failed: it is the household side of the ANCT incident categories, left out as well."""

CHECKLIST_SECOND: Weighted = (("h4", 3), ("h1", 2), ("h3", 2), ("h5", 1), ("h6", 2))
"""A second failed item, for the one visit in five that finds two problems."""

CHECKLIST_UNKNOWN: tuple[str, ...] = (
    "Chủ hộ đi vắng, chưa làm việc được với gia đình.",
    "Chỉ gặp được trẻ nhỏ ở nhà, chưa xác minh được.",
    "Cả nhà đi làm ăn xa, nhà khóa cửa.",
)
"""Notes of the items answered "Không rõ" when nobody could answer."""

VISIT_ADVICE: tuple[str, ...] = (
    "Tuyên truyền PCCC, an toàn giao thông.",
    "Tuyên truyền phòng, chống lừa đảo qua mạng.",
    "Hướng dẫn cài đặt, sử dụng ứng dụng VNeID.",
    "Tuyên truyền phòng, chống ma túy và tệ nạn xã hội.",
    "Nhắc nhở thực hiện hương ước, quy ước của thôn.",
    "Tuyên truyền phòng, chống đuối nước cho trẻ em.",
    "Tuyên truyền không đốt rơm rạ, vàng mã gần nhà.",
    "Vận động tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc.",
    "Tuyên truyền phòng, chống tín dụng đen.",
)
"""What an officer explains at a visit that found nothing wrong."""

CHECKLIST_ADVICE: dict[str, str] = {
    "h1": "Hướng dẫn khai báo cư trú qua VNeID, chấp hành quy định của địa phương.",
    "h3": "Phân tích, khuyên giải gia đình; giao tổ tự quản theo dõi, giúp đỡ.",
    "h4": "Hướng dẫn trang bị bình chữa cháy, sửa hệ thống điện; nhắc chấp hành luật giao "
          "thông.",
    "h5": "Giới thiệu vay vốn, học nghề; đề nghị thôn hỗ trợ gia đình.",
    "h6": "Hướng dẫn bảo mật thông tin cá nhân, không chia sẻ tin chưa kiểm chứng.",
    "": "Hẹn gặp chủ hộ vào buổi tối để làm việc.",
}
"""What an officer advises, by the item that failed ("" for a visit nobody answered)."""

INCIDENT_CATEGORIES: Weighted = (
    ("VA_CHAM_GT", 16), ("TP_TTXH_TROM_CAP", 14), ("MT_TRANH_CHAP", 14), ("VPHC_GT", 12),
    ("ANM_LUA_DAO_MANG", 9), ("TNXH_CO_BAC", 6), ("VPHC_ANTT", 5), ("TNGT", 4), ("BLGĐ", 4),
    ("CHAY", 4), ("VPHC_CU_TRU", 4), ("TP_TTXH_CO_Y_GAY_THUONG_TICH", 3),
    ("TP_TTXH_GAY_ROI_TTCC", 2), ("TP_TTXH_LUA_DAO", 2), ("MT_NGUOI_SU_DUNG", 0.6),
    ("MT_TOI_PHAM", 0.5), ("TNLD", 1), ("VPHC_PCCC", 1), ("TP_TTXH_CUOP_GIAT", 0.15),
    ("TP_TTXH_CHO_VAY_NANG_LAI", 0.5), ("ANM_THONG_TIN_XAU_DOC", 0.5),
    ("ANM_LO_LOT_TTCN", 0.5), ("TNXH_ME_TIN", 0.3), ("TP_MT", 0.3), ("KK_DONG_NGUOI", 0.2),
    ("NO", 0.1), ("TP_TTXH_GIET_NGUOI", 0.05),
)
"""Incident categories (DOMAIN.md §5 codes) with rough relative frequencies for a rural
commune. Political-security categories (ANCT_*) are left out on purpose: they are
zero-tolerance criteria and a demo commune should not fail them by chance."""

INCIDENT_SEVERITY: dict[str, Weighted] = {
    "TNGT": (("it_nghiem_trong", 75), ("nghiem_trong", 22), ("rat_nghiem_trong", 3)),
    "TP_TTXH_TROM_CAP": (("it_nghiem_trong", 98), ("nghiem_trong", 2)),
    "TP_TTXH_CO_Y_GAY_THUONG_TICH": (("it_nghiem_trong", 92), ("nghiem_trong", 7),
                                     ("rat_nghiem_trong", 1)),
    "TP_TTXH_CUOP_GIAT": (("nghiem_trong", 80), ("rat_nghiem_trong", 20)),
    "TP_TTXH_LUA_DAO": (("it_nghiem_trong", 95), ("nghiem_trong", 5)),
    "TP_TTXH_CHO_VAY_NANG_LAI": (("it_nghiem_trong", 95), ("nghiem_trong", 5)),
    "TP_TTXH_GIET_NGUOI": (("dac_biet_nghiem_trong", 1),),
    "MT_TOI_PHAM": (("it_nghiem_trong", 75), ("nghiem_trong", 20), ("rat_nghiem_trong", 5)),
    "CHAY": (("it_nghiem_trong", 90), ("nghiem_trong", 10)),
    "NO": (("nghiem_trong", 70), ("rat_nghiem_trong", 30)),
    "TNLD": (("it_nghiem_trong", 80), ("nghiem_trong", 20)),
    "ANM_LUA_DAO_MANG": (("it_nghiem_trong", 85), ("nghiem_trong", 15)),
}
"""Severity by category; any other category is "it_nghiem_trong". Serious crime is rare:
about half the villages of a generated commune have none in a year (criterion K4.2)."""

INCIDENT_HOUSEHOLDS: dict[str, tuple[float, float, float]] = {
    "TP_TTXH_TROM_CAP": (0.1, 0.9, 0.0),
    "MT_TRANH_CHAP": (0.05, 0.25, 0.7),
    "BLGĐ": (0.0, 1.0, 0.0),
    "CHAY": (0.1, 0.8, 0.1),
    "VA_CHAM_GT": (0.4, 0.3, 0.3),
    "TNGT": (0.4, 0.4, 0.2),
    "ANM_LUA_DAO_MANG": (0.05, 0.95, 0.0),
    "ANM_LO_LOT_TTCN": (0.2, 0.8, 0.0),
    "TNXH_CO_BAC": (0.4, 0.3, 0.3),
    "VPHC_CU_TRU": (0.0, 1.0, 0.0),
    "VPHC_PCCC": (0.0, 1.0, 0.0),
    "KK_DONG_NGUOI": (0.3, 0.3, 0.4),
}
"""Chances that an incident is linked to 0, 1 or 2 households; default (0.5, 0.4, 0.1)."""

INCIDENT_NOTES: dict[str, tuple[str, ...]] = {
    "VA_CHAM_GT": (
        "Va chạm giữa hai xe máy tại ngã ba, không có thương vong, các bên tự thỏa thuận.",
        "Xe máy va chạm với xe đạp, người đi xe đạp bị xây xát nhẹ.",
        "Va chạm giữa xe máy và ô tô tải trên đường liên xã, thiệt hại nhỏ về tài sản.",
    ),
    "TP_TTXH_TROM_CAP": (
        "Mất trộm 01 xe máy Honda Wave để trước cửa nhà.",
        "Kẻ gian đột nhập lấy trộm tiền và điện thoại khi gia đình đi vắng.",
        "Mất trộm 02 con bò thả ngoài đồng.",
        "Mất trộm máy bơm nước tại khu ruộng.",
    ),
    "MT_TRANH_CHAP": (
        "Tranh chấp ranh giới đất giữa hai hộ liền kề, đã hòa giải thành.",
        "Mâu thuẫn giữa hai gia đình do lối đi chung, tổ hòa giải đang giải quyết.",
        "Tranh chấp quyền sử dụng đất ao, hòa giải không thành, hướng dẫn gửi đơn lên xã.",
    ),
    "VPHC_GT": (
        "Lập biên bản xử phạt người điều khiển xe máy không đội mũ bảo hiểm.",
        "Xử phạt người điều khiển xe máy có nồng độ cồn vượt mức cho phép.",
        "Lập biên bản học sinh chưa đủ tuổi điều khiển xe mô tô.",
    ),
    "ANM_LUA_DAO_MANG": (
        "Người dân bị lừa chuyển tiền qua tài khoản do kẻ gian giả danh công an gọi điện.",
        "Bị lừa đảo qua mạng xã hội với hình thức tuyển cộng tác viên bán hàng online.",
        "Bị chiếm đoạt tiền sau khi bấm vào đường link lạ gửi qua tin nhắn.",
    ),
    "TNXH_CO_BAC": (
        "Phát hiện nhóm đối tượng đánh bạc bằng hình thức đánh bài ăn tiền.",
        "Bắt quả tang nhóm người chơi xóc đĩa ăn tiền tại nhà riêng.",
        "Phát hiện đối tượng ghi lô đề, đã lập biên bản.",
    ),
    "VPHC_ANTT": (
        "Xử phạt hành vi gây mất trật tự công cộng vào ban đêm.",
        "Lập biên bản hành vi sử dụng loa công suất lớn gây ồn ào sau 22 giờ.",
    ),
    "TNGT": (
        "Tai nạn giao thông giữa xe máy và ô tô tại ngã tư.",
        "Xe máy tự gây tai nạn do đi tốc độ cao.",
        "Tai nạn giao thông giữa xe máy và xe tải trên quốc lộ.",
    ),
    "BLGĐ": (
        "Chồng say rượu đánh vợ, đã mời lên làm việc và yêu cầu cam kết.",
        "Mâu thuẫn gia đình dẫn đến xô xát giữa các thành viên, đã hòa giải.",
    ),
    "CHAY": (
        "Cháy bếp do chập điện, gia đình và hàng xóm đã dập tắt kịp thời.",
        "Cháy đống rơm rạ lan sang chuồng trại, thiệt hại nhỏ.",
        "Cháy nhà kho chứa nông sản, chưa rõ nguyên nhân.",
    ),
    "VPHC_CU_TRU": (
        "Không khai báo tạm trú cho người đến ở trọ, đã lập biên bản.",
        "Chủ nhà trọ không thông báo lưu trú cho khách thuê.",
    ),
    "TP_TTXH_CO_Y_GAY_THUONG_TICH": (
        "Xô xát trong đám cưới dẫn đến 01 người bị thương phải đi viện.",
        "Mâu thuẫn khi uống rượu, đối tượng dùng gậy đánh gây thương tích.",
    ),
    "TP_TTXH_GAY_ROI_TTCC": (
        "Nhóm thanh niên tụ tập, mang theo hung khí gây rối trật tự công cộng.",
        "Nhóm thanh thiếu niên đi xe máy lạng lách, gây náo loạn trên đường.",
    ),
    "TP_TTXH_LUA_DAO": (
        "Đối tượng vay mượn tiền rồi bỏ trốn, không có khả năng trả.",
        "Lừa đảo bán hàng giả mạo, chiếm đoạt tiền đặt cọc.",
    ),
    "MT_NGUOI_SU_DUNG": (
        "Phát hiện đối tượng sử dụng trái phép chất ma túy, test nhanh dương tính.",
        "Đưa đối tượng sử dụng ma túy vào danh sách quản lý tại cộng đồng.",
    ),
    "MT_TOI_PHAM": (
        "Bắt quả tang đối tượng tàng trữ trái phép chất ma túy.",
        "Phát hiện đối tượng mua bán trái phép chất ma túy, chuyển cơ quan điều tra.",
    ),
    "TNLD": (
        "Tai nạn lao động khi làm việc trên công trình xây dựng, 01 người bị thương.",
        "Người dân bị điện giật khi sửa chữa điện trong nhà.",
    ),
    "VPHC_PCCC": (
        "Cơ sở kinh doanh không trang bị phương tiện chữa cháy, đã lập biên bản.",
        "Kinh doanh khí gas không bảo đảm an toàn phòng cháy, đã nhắc nhở và xử phạt.",
    ),
    "TP_TTXH_CUOP_GIAT": (
        "Đối tượng đi xe máy giật túi xách của người đi đường.",
        "Bị giật điện thoại khi đang đứng bên đường.",
    ),
    "TP_TTXH_CHO_VAY_NANG_LAI": (
        "Phát hiện đối tượng cho vay lãi nặng, dán quảng cáo tín dụng đen.",
        "Người dân bị đòi nợ tín dụng đen, bị ném chất bẩn vào nhà.",
    ),
    "ANM_THONG_TIN_XAU_DOC": (
        "Tài khoản mạng xã hội đăng tải thông tin sai sự thật về địa phương, đã làm việc.",
    ),
    "ANM_LO_LOT_TTCN": (
        "Người dân bị lộ thông tin cá nhân, bị giả mạo tài khoản để vay tiền.",
    ),
    "TNXH_ME_TIN": (
        "Phát hiện hoạt động xem bói, mê tín dị đoan, đã nhắc nhở.",
    ),
    "TP_MT": (
        "Cơ sở chăn nuôi xả thải chưa qua xử lý ra mương chung.",
    ),
    "KK_DONG_NGUOI": (
        "Nhiều hộ dân kéo đến trụ sở xã kiến nghị về đền bù giải phóng mặt bằng.",
    ),
    "NO": (
        "Nổ bình gas trong bếp, gây hư hỏng tài sản.",
    ),
    "TP_TTXH_GIET_NGUOI": (
        "Án mạng do mâu thuẫn cá nhân, đã chuyển cơ quan cảnh sát điều tra.",
    ),
}
"""One-sentence incident notes per category."""

INCIDENT_NOTE_FACTS: dict[str, tuple[str, int, int]] = {
    "Mất trộm 02 con bò thả ngoài đồng.": ("field", 0, 0),
    "Mất trộm máy bơm nước tại khu ruộng.": ("field", 0, 0),
    "Xô xát trong đám cưới dẫn đến 01 người bị thương phải đi viện.": ("public", 0, 1),
    "Mâu thuẫn khi uống rượu, đối tượng dùng gậy đánh gây thương tích.": ("public", 0, 1),
    "Tai nạn lao động khi làm việc trên công trình xây dựng, 01 người bị thương.": ("site", 0, 1),
    "Người dân bị điện giật khi sửa chữa điện trong nhà.": ("home", 0, 1),
    "Án mạng do mâu thuẫn cá nhân, đã chuyển cơ quan cảnh sát điều tra.": ("home", 1, 0),
}
"""What some notes say about the place kind and the dead and injured: (place, deaths,
injuries). Other incidents take the place from ``INCIDENT_PLACE`` and have no casualties,
except traffic accidents, whose dead and injured follow their severity."""

INCIDENT_PLACE: dict[str, str] = {
    "VA_CHAM_GT": "road", "TNGT": "road", "VPHC_GT": "road", "TP_TTXH_CUOP_GIAT": "road",
    "TP_TTXH_GAY_ROI_TTCC": "public", "VPHC_ANTT": "public", "TNXH_CO_BAC": "home",
    "TP_TTXH_CO_Y_GAY_THUONG_TICH": "public", "MT_NGUOI_SU_DUNG": "public",
    "MT_TOI_PHAM": "public", "TNXH_ME_TIN": "home", "KK_DONG_NGUOI": "office",
    "ANM_LUA_DAO_MANG": "online", "ANM_THONG_TIN_XAU_DOC": "online", "ANM_LO_LOT_TTCN": "online",
    "TP_MT": "field", "TNLD": "site",
}
"""Where incidents of a category happen; any other category happens at home."""

INCIDENT_PLACES: dict[str, tuple[str, ...]] = {
    "road": ("{road}, đoạn qua {village}", "Ngã ba đường trục chính {village}",
             "Đường liên thôn gần {village}", "Cầu qua kênh tưới, {village}"),
    "public": ("Nhà văn hóa {village}", "Quán nước ven đường, {village}",
               "Khu vực chợ {village}", "Sân bóng {village}", "Quán karaoke ven đường, {village}"),
    "field": ("Cánh đồng {village}", "Khu ruộng ven đê, {village}", "Trang trại chăn nuôi, {village}"),
    "site": ("Công trình xây nhà dân, {village}", "Xưởng mộc, {village}",
             "Khu chăn nuôi, {village}"),
    "online": ("Trên mạng xã hội (Facebook, Zalo)", "Qua điện thoại và tin nhắn"),
    "office": ("Trụ sở UBND {commune}",),
}
"""Place templates by kind, {village} written as in a sentence; an incident "at home" happens
at the first linked household's address."""

INCIDENT_HOURS: dict[str, tuple[tuple[int, float], ...]] = {
    "home": ((7, 1), (10, 1), (12, 1), (17, 2), (18, 2), (19, 3), (20, 3), (21, 2), (22, 1)),
    "night": ((0, 3), (1, 3), (2, 3), (3, 3), (4, 2), (22, 1), (23, 2), (13, 1)),
    "evening": ((14, 1), (16, 1), (19, 2), (20, 3), (21, 3), (22, 2), (23, 1)),
    "day": ((7, 2), (8, 3), (9, 3), (10, 3), (11, 2), (14, 3), (15, 3), (16, 2), (19, 1)),
    "traffic": ((6, 3), (7, 4), (8, 2), (11, 3), (12, 2), (16, 3), (17, 4), (18, 3), (19, 2),
                (20, 2), (21, 1), (22, 1)),
}
"""Hours of the day incidents happen at, by ``INCIDENT_HOUR_KIND``."""

INCIDENT_HOUR_KIND: dict[str, str] = {
    "VA_CHAM_GT": "traffic", "TNGT": "traffic", "VPHC_GT": "traffic",
    "TP_TTXH_TROM_CAP": "night", "MT_TOI_PHAM": "night", "TP_MT": "night",
    "TNXH_CO_BAC": "evening", "VPHC_ANTT": "evening", "TP_TTXH_GAY_ROI_TTCC": "evening",
    "TP_TTXH_CO_Y_GAY_THUONG_TICH": "evening", "MT_NGUOI_SU_DUNG": "evening", "BLGĐ": "evening",
    "CHAY": "home", "NO": "home", "MT_TRANH_CHAP": "day", "TNLD": "day",
}
"""Which hours table a category uses; any other category uses "day"."""

INCIDENT_ROLES: dict[str, tuple[str, str]] = {
    "TP_TTXH_TROM_CAP": ("bi_hai", "nhan_chung"), "TP_TTXH_CUOP_GIAT": ("bi_hai", "nhan_chung"),
    "TP_TTXH_LUA_DAO": ("bi_hai", "bi_hai"), "TP_TTXH_CHO_VAY_NANG_LAI": ("bi_hai", "bi_hai"),
    "TP_TTXH_GIET_NGUOI": ("bi_hai", "nhan_chung"), "ANM_LUA_DAO_MANG": ("bi_hai", "bi_hai"),
    "ANM_LO_LOT_TTCN": ("bi_hai", "bi_hai"), "CHAY": ("bi_hai", "bi_hai"),
    "NO": ("bi_hai", "bi_hai"), "TNLD": ("bi_hai", "nhan_chung"),
    "VPHC_GT": ("doi_tuong", "doi_tuong"), "VPHC_ANTT": ("doi_tuong", "doi_tuong"),
    "VPHC_CU_TRU": ("doi_tuong", "doi_tuong"), "VPHC_PCCC": ("doi_tuong", "doi_tuong"),
    "TNXH_CO_BAC": ("doi_tuong", "doi_tuong"), "TNXH_ME_TIN": ("doi_tuong", "doi_tuong"),
    "MT_NGUOI_SU_DUNG": ("doi_tuong", "doi_tuong"), "MT_TOI_PHAM": ("doi_tuong", "doi_tuong"),
    "TP_TTXH_GAY_ROI_TTCC": ("doi_tuong", "doi_tuong"), "TP_MT": ("doi_tuong", "doi_tuong"),
    "ANM_THONG_TIN_XAU_DOC": ("doi_tuong", "doi_tuong"),
    "KK_DONG_NGUOI": ("doi_tuong", "doi_tuong"),
}
"""Roles of the people of the first and the second linked household; any other category
(disputes, traffic, assault) is ("doi_tuong", "bi_hai")."""

INCIDENT_RESIDENT_CAUSE: dict[str, float] = {
    "TP_TTXH_TROM_CAP": 0.3, "TP_TTXH_CUOP_GIAT": 0.1, "TP_TTXH_LUA_DAO": 0.3,
    "TP_TTXH_CHO_VAY_NANG_LAI": 0.1, "ANM_LUA_DAO_MANG": 0.02, "ANM_LO_LOT_TTCN": 0.02,
    "ANM_THONG_TIN_XAU_DOC": 0.6, "VA_CHAM_GT": 0.5, "TNGT": 0.5, "VPHC_GT": 0.6,
    "TP_TTXH_GIET_NGUOI": 0.5, "CHAY": 0.9, "NO": 0.9, "TNLD": 0.8,
}
"""Chance that an incident with no linked offender was still caused by a resident; an
incident with an offender ("doi_tuong") among the village's people always was. Default 0.8."""

OWN_FAULT: dict[str, float] = {"TNGT": 0.5, "CHAY": 0.6, "NO": 0.7, "TNLD": 0.5}
"""Chance that an accident caused by a resident was their own fault ("do chủ quan")."""

INCIDENT_DAMAGE: dict[str, tuple[int, int, float]] = {
    "CHAY": (2_000_000, 80_000_000, 1.0), "NO": (5_000_000, 150_000_000, 1.0),
    "TP_TTXH_TROM_CAP": (1_500_000, 40_000_000, 1.0),
    "TP_TTXH_CUOP_GIAT": (2_000_000, 15_000_000, 1.0),
    "TP_TTXH_LUA_DAO": (10_000_000, 200_000_000, 1.0),
    "ANM_LUA_DAO_MANG": (3_000_000, 300_000_000, 1.0),
    "VA_CHAM_GT": (500_000, 8_000_000, 0.4), "TNGT": (3_000_000, 50_000_000, 0.8),
}
"""Damage in đồng: (least, most, chance there is any); drawn evenly on a log scale and
rounded to 100,000 đồng. A serious case is worth five times more."""

FINES: dict[str, tuple[tuple[int, float], ...]] = {
    "VPHC_GT": ((400_000, 4), (600_000, 3), (800_000, 1), (2_000_000, 2), (6_000_000, 1),
                (8_000_000, 0.5)),
    "VPHC_ANTT": ((500_000, 3), (750_000, 2), (1_000_000, 2), (2_000_000, 1)),
    "VPHC_CU_TRU": ((500_000, 3), (1_000_000, 2), (2_000_000, 1)),
    "VPHC_PCCC": ((1_000_000, 2), (2_500_000, 2), (5_000_000, 1)),
}
"""Fines in đồng for administrative violations (the usual amounts of the current decrees)."""

HANDLING_KIND: dict[str, str] = {
    "MT_TRANH_CHAP": "hoa_giai", "BLGĐ": "hoa_giai", "VA_CHAM_GT": "va_cham",
    "TNGT": "tai_nan", "TNLD": "tai_nan", "CHAY": "chay_no", "NO": "chay_no",
    "ANM_LUA_DAO_MANG": "mang", "ANM_LO_LOT_TTCN": "mang", "ANM_THONG_TIN_XAU_DOC": "mang",
    "MT_NGUOI_SU_DUNG": "ma_tuy", "TNXH_CO_BAC": "te_nan", "TNXH_ME_TIN": "te_nan",
    "KK_DONG_NGUOI": "khieu_kien",
}
"""How an incident of a category is handled; "vphc" for VPHC_*, else "xac_minh"."""

INCIDENT_HANDLING: dict[str, tuple[str, ...]] = {
    "dang_xu_ly": ("Đã tiếp nhận tin báo, đang xác minh, làm rõ.",
                   "Đang xác minh nguyên nhân, mời các bên liên quan lên làm việc."),
    "dieu_tra": ("Lập hồ sơ ban đầu, chuyển Cơ quan Cảnh sát điều tra theo thẩm quyền.",
                 "Bảo vệ hiện trường, báo cáo và bàn giao cho Cơ quan Cảnh sát điều tra."),
    "vphc": ("Lập biên bản vi phạm hành chính, ra quyết định xử phạt {fine} đồng.",
             "Xử phạt vi phạm hành chính {fine} đồng, nhắc nhở, yêu cầu cam kết không tái phạm."),
    "hoa_giai": ("Tổ hòa giải thôn phối hợp Công an xã hòa giải, các bên thống nhất.",
                 "Mời các bên lên làm việc, phân tích, hòa giải; giao tổ tự quản theo dõi."),
    "va_cham": ("Lập biên bản ghi nhận, các bên tự thỏa thuận bồi thường.",
                "Hướng dẫn các bên thỏa thuận giải quyết, nhắc nhở chấp hành luật giao thông."),
    "tai_nan": ("Phối hợp cấp cứu người bị nạn, giữ nguyên hiện trường, xác minh nguyên nhân.",
                "Lập biên bản ghi nhận, các bên tự thỏa thuận bồi thường."),
    "chay_no": ("Huy động lực lượng tại chỗ dập lửa, xác minh nguyên nhân, tuyên truyền PCCC.",
                "Khám nghiệm hiện trường, thống kê thiệt hại, hướng dẫn khắc phục."),
    "mang": ("Hướng dẫn bị hại trình báo, phối hợp ngân hàng đề nghị phong tỏa tài khoản.",
             "Tiếp nhận đơn, tổng hợp báo cáo Công an tỉnh, tuyên truyền cảnh báo trong thôn."),
    "ma_tuy": ("Lập hồ sơ quản lý người sử dụng trái phép chất ma túy tại cộng đồng.",
               "Xét nghiệm, lập hồ sơ, giao gia đình và tổ tự quản quản lý, giúp đỡ."),
    "te_nan": ("Lập biên bản, tịch thu tang vật, xử lý theo quy định.",
               "Giải tán, lập biên bản, nhắc nhở, yêu cầu cam kết không tái phạm."),
    "khieu_kien": ("Phối hợp UBND xã tiếp công dân, hướng dẫn gửi đơn đúng quy định.",),
    "xac_minh": ("Tiếp nhận tin báo, xác minh, thu hồi tài sản trả lại cho bị hại.",
                 "Xác minh, làm rõ, xử lý theo quy định và thông báo cho bị hại."),
}
"""Handling texts by kind, or by status for incidents still open or sent to investigators."""

# --- The movement: documents, teams and their activity, confirmations ------------------

TEAM_MODELS: dict[str, tuple[str, ...]] = {
    "to_tu_quan": ("Tổ tự quản về ANTT {village}", "Tổ an ninh tự quản {village}"),
    "5_tu_quan": ("Mô hình 5 tự quản về ANTT {village}",),
    "to_lien_gia": ("Tổ liên gia tự quản số {n} {village}",),
    "camera_an_ninh": ("Mô hình Camera an ninh {village}",),
    "tieng_keng": ("Mô hình Tiếng kẻng an ninh {village}",),
    "dong_ho_tu_quan": ("Dòng họ {surname} tự quản về ANTT {village}",),
    "to_5_trong_1": ("Tổ tự quản 5 trong 1 {village}",),
    "khac": ("Mô hình Ngọn đèn an ninh {village}", "Mô hình Khu dân cư không có tội phạm {village}",
             "Mô hình Phụ nữ tham gia giữ gìn ANTT {village}"),
}
"""Names of self-management teams and models by model code; {village} is written as in a
sentence ("thôn An Phú"), {n} numbers the inter-family teams, {surname} is a clan's name."""

FIRST_TEAM: Weighted = (("to_tu_quan", 6), ("5_tu_quan", 2), ("to_5_trong_1", 2))
"""The model of a village's main team, which patrols and mediates."""

OTHER_TEAMS: Weighted = (
    ("to_lien_gia", 4), ("camera_an_ninh", 3), ("tieng_keng", 2), ("dong_ho_tu_quan", 2),
    ("khac", 2), ("5_tu_quan", 1),
)
"""Models of a village's further teams."""

COMMUNE_MODELS: tuple[tuple[str, str], ...] = (
    ("camera_an_ninh", "Mô hình Camera an ninh {commune}"),
    ("5_tu_quan", "Mô hình 5 tự quản về ANTT {commune}"),
    ("khac", "Mô hình Zalo an ninh trật tự {commune}"),
    ("khac", "Câu lạc bộ phòng, chống tội phạm {commune}"),
)
"""Commune-wide models (model code, name); {commune} is written as in a sentence."""

PATROLLING_MODELS: frozenset[str] = frozenset(
    {"to_tu_quan", "5_tu_quan", "to_lien_gia", "tieng_keng", "to_5_trong_1"})
"""Models whose members patrol, about once a week."""

TEAM_ACTIVITY_NOTES: dict[str, tuple[str, ...]] = {
    "tuan_tra": (
        "Tuần tra đêm các trục đường chính, tình hình ổn định.",
        "Tuần tra khu vực cánh đồng, bảo vệ lúa và tài sản của nhân dân.",
        "Tuần tra, nhắc nhở nhóm thanh niên tụ tập khuya về nhà.",
        "Tuần tra kết hợp kiểm tra nhà trọ, người tạm trú.",
        "Tuần tra, kiểm soát khu vực nhà văn hóa và chợ.",
    ),
    "hop": (
        "Họp tổ tháng {month}: đánh giá tình hình ANTT, phân công lịch tuần tra.",
        "Họp tổ tháng {month}: rút kinh nghiệm, triển khai nhiệm vụ tháng tới.",
        "Họp tổ tháng {month}: triển khai kế hoạch bảo đảm ANTT các ngày lễ, Tết.",
    ),
    "hoa_giai": (
        "Hòa giải mâu thuẫn về lối đi chung giữa hai hộ.",
        "Hòa giải tranh chấp ranh giới đất giữa hai gia đình.",
        "Hòa giải mâu thuẫn vợ chồng.",
        "Hòa giải mâu thuẫn giữa anh em về chia tài sản thừa kế.",
        "Hòa giải mâu thuẫn do vật nuôi phá hoa màu.",
    ),
    "tuyen_truyen": (
        "Tuyên truyền phòng, chống lừa đảo qua mạng.",
        "Tuyên truyền PCCC và an toàn điện trong mùa khô.",
        "Tuyên truyền Luật Cư trú, hướng dẫn khai báo tạm trú qua VNeID.",
        "Tuyên truyền phòng, chống ma túy trong thanh thiếu niên.",
        "Tuyên truyền vận động giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ.",
        "Tuyên truyền bảo đảm trật tự an toàn giao thông, đội mũ bảo hiểm.",
    ),
}
"""Notes of a team activity by kind; {month} is the month number."""

CONFIRMATION_NOTES: dict[str, str] = {
    "luc_luong_hoan_thanh": "Lực lượng bảo vệ ANTT ở cơ sở chưa hoàn thành nhiệm vụ được giao.",
    "thuc_hien_chu_truong": "Còn thiếu sót trong triển khai chủ trương, chính sách về ANTT.",
    "cong_an_xa_tien_tien": "Công an xã chưa đạt danh hiệu đơn vị tiên tiến.",
    "khong_xa_trong_diem": "Xã nằm trong danh sách địa bàn trọng điểm phức tạp về ANTT.",
    "khong_ky_luat": "Có cán bộ bị xử lý kỷ luật trong năm.",
}
"""Notes on a confirmation answered "no"."""

VILLAGE_CONFIRMATIONS: tuple[tuple[str, float], ...] = (
    ("luc_luong_hoan_thanh", 0.95), ("thuc_hien_chu_truong", 0.98),
)
"""What the commune confirms for each village after its window, with the chance of "yes"."""

COMMUNE_CONFIRMATIONS: tuple[tuple[str, float], ...] = (
    ("cong_an_xa_tien_tien", 0.9), ("khong_xa_trong_diem", 0.97),
    ("thuc_hien_chu_truong", 0.98), ("luc_luong_hoan_thanh", 0.95), ("khong_ky_luat", 0.95),
)
"""What is confirmed for the commune after its window, with the chance of "yes"."""

# fmt: on
