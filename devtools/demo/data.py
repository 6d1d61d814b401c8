"""The demo's accounts and the facts it starts from (the seeds' producers, products and certificates)."""

from __future__ import annotations

from dataclasses import dataclass

from ocop.choices import Role
from products.choices import ProducerKind

DEMO_PASSWORD = "ocop-demo-2026"
MARKER_USERNAME = "quantri"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    unit: str  # "province", "commune", "other_province", "" (national)
    organisation: str = ""


# One demo account per role; the README lists them.
DEMO_USERS = [
    DemoUser("quantri", Role.ADMIN, "Viên", "Quản Trị", "", "Văn phòng Điều phối NTM Trung ương"),
    DemoUser("ocop.trunguong", Role.CENTRAL_OFFICER, "Minh", "Lê Văn", "", "Bộ Nông nghiệp và Môi trường"),
    DemoUser("ocop.thainguyen", Role.PROVINCE_OFFICER, "Lan", "Trần Thị", "province", "Sở Nông nghiệp và Môi trường"),
    # Four eyes: the second provincial officer checks and issues the decisions ocop.thainguyen drafts.
    DemoUser(
        "kiemtra.thainguyen", Role.PROVINCE_OFFICER, "Quang", "Đinh Văn", "province", "Sở Nông nghiệp và Môi trường"
    ),
    DemoUser("totuvan.thainguyen", Role.ADVISORY_MEMBER, "Hải", "Phạm Văn", "province", "Chi cục Phát triển nông thôn"),
    DemoUser("hoidong.chutich", Role.COUNCIL_MEMBER, "Tuấn", "Hoàng Anh", "province", "UBND tỉnh Thái Nguyên"),
    DemoUser("hoidong.thuky", Role.COUNCIL_MEMBER, "Hương", "Đỗ Thu", "province", "Sở Nông nghiệp và Môi trường"),
    DemoUser("hoidong.tv1", Role.COUNCIL_MEMBER, "Nam", "Vũ Đức", "province", "Sở Công Thương"),
    DemoUser("hoidong.tv2", Role.COUNCIL_MEMBER, "Mai", "Ngô Thị", "province", "Sở Y tế"),
    DemoUser("hoidong.tv3", Role.COUNCIL_MEMBER, "Bình", "Đặng Quốc", "province", "Sở Khoa học và Công nghệ"),
    DemoUser("xem.thainguyen", Role.VIEWER, "Thảo", "Bùi Phương", "province", "Thanh tra tỉnh"),
    DemoUser("canbo.conminh", Role.COMMUNE_OFFICER, "Dũng", "Lý Văn", "commune", "UBND xã Côn Minh"),
    DemoUser("htx.taihoan", Role.PRODUCER, "Hoa", "Nông Thị", "", "HTX Tài Hoan"),
    DemoUser("ocop.ninhbinh", Role.PROVINCE_OFFICER, "Khánh", "Trịnh Văn", "other_province", "Sở NN&MT Ninh Bình"),
]

# Na Rì (seed 003): producer, old commune, product, product set, and the historic certificate as
# (star, issuer level, days from today to its expiry). Expiries are relative to the day the demo is
# made, so the demo always shows one certificate expiring, one in the re-evaluation window, one
# expired and one valid, whatever the date.
NA_RI = [
    ("HTX Tài Hoan", "Xã Côn Minh", ProducerKind.COOP, "Miến dong Tài Hoan", 7, None),
    ("HTX Trần Phú", "Xã Trần Phú", ProducerKind.COOP, "Gà đồi Trần Phú", 2, (3, "district", 25)),
    ("HTX Hương Rừng", "Xã Dương Sơn", ProducerKind.COOP, "Mật ong rừng Hương Rừng", 4, (3, "district", 150)),
    (
        "HTX trồng cây ăn quả thị trấn Yến Lạc",
        "Thị trấn Yến Lạc",
        ProducerKind.COOP,
        "Cam Đường Canh",
        1,
        (3, "district", -40),
    ),
    ("HTX Việt Cường", "Xã Côn Minh", ProducerKind.COOP, "Miến dong Tân An", 7, (3, "province", -1060)),
    ("HTX dược liệu Bảo Châu", "Xã Văn Lang", ProducerKind.COOP, "Trà Giảo cổ lam", 12, (3, "district", 300)),
]
# Xuân Trường (seed 000): scored 59–64 by the district council on 29/7/2020, recognised 3★ by Nam Định.
XUAN_TRUONG = [
    ("Công ty TNHH Green and Book Ambassador", "Xã Thọ Nghiệp", ProducerKind.SME, ["Tinh bột nghệ", "Bột sắn dây"], 7),
    (
        "Công ty TNHH Sản xuất và Thương mại Matcha Xuân Trường",
        "Xã Xuân Thượng",
        ProducerKind.SME,
        ["Matcha trà sữa 3 in 1", "Bột trà xanh BG nano"],
        12,
    ),
]


def this_year_on(month: int, day: int):
    """A day of the current year for the story's documents of the year (a plan signed in March), or today while that
    day is still ahead: nothing may be signed in the future, and `make run` works in the first days of a year too."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    return min(dt.date(today.year, month, day), today)


# The proposing office a decision's tờ trình comes from, by who issued the decision: the province's agriculture
# department (Sở Nông nghiệp và Phát triển nông thôn, "SNN", until it merged into the Sở Nông nghiệp và Môi trường,
# "SNNMT", on 01/03/2025), a former district's agriculture office (Phòng Nông nghiệp và Phát triển nông thôn, "PNN").
SUBMISSION_OFFICE = {"province": "SNN", "district": "PNN"}
SUBMISSION_DAYS_BEFORE = 5  # the office submits, the People's Committee decides a few days later


def submission_for(day, level: str = "province", *, days_before: int = SUBMISSION_DAYS_BEFORE) -> dict:
    """The tờ trình a demo decision of `day` answers, as its paper cites it ("Theo đề nghị của … tại Tờ trình số
    125/TTr-SNN ngày …"): numbered in the office's running sequence of the year (about one every three days), dated
    `days_before` days before the decision. One decision, one tờ trình: every old certificate of a decision gives the
    same one (certificate_record_historic refuses another)."""
    import datetime as dt

    office = SUBMISSION_OFFICE[level]
    if level == "province" and day >= dt.date(2025, 3, 1):
        office = "SNNMT"
    return {
        "submission_number": f"{day.timetuple().tm_yday // 3 + 20}/TTr-{office}",
        "submission_date": day - dt.timedelta(days=days_before),
    }
