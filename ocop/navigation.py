"""The main menu, by role. Each app adds its entries here; an entry whose URL is not defined is skipped."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Role

OFFICERS = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER}
PROVINCE_AND_UP = {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER}
EVERYONE = set(Role)

# Menu labels carry the "menu" context: in English a menu says "Products" where a column says "Product".
EVALUATION = pgettext_lazy("menu", "Đánh giá")
# The programme's figures, plans and reports, and the security record: one dropdown keeps the bar on one line.
MANAGEMENT = pgettext_lazy("menu", "Quản lý")

# (url name, label, bootstrap icon, roles that see it[, dropdown it sits in])
MENU = [
    ("home", pgettext_lazy("menu", "Tổng quan"), "house", EVERYONE),
    ("products:producer_list", pgettext_lazy("menu", "Chủ thể"), "people", OFFICERS),
    ("products:product_list", pgettext_lazy("menu", "Sản phẩm"), "box-seam", OFFICERS | {Role.PRODUCER}),
    (
        "evaluation:registration_list",
        pgettext_lazy("menu", "Hồ sơ đăng ký"),
        "folder2-open",
        OFFICERS | {Role.PRODUCER, Role.ADVISORY_MEMBER},
    ),
    ("evaluation:round_list", pgettext_lazy("menu", "Đợt đánh giá"), "calendar-event", PROVINCE_AND_UP, EVALUATION),
    ("evaluation:council_list", pgettext_lazy("menu", "Hội đồng"), "people-fill", PROVINCE_AND_UP, EVALUATION),
    (
        "evaluation:session_list",
        pgettext_lazy("menu", "Chấm điểm"),
        "clipboard-check",
        {Role.COUNCIL_MEMBER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN},
        EVALUATION,
    ),
    # Public law; producers self-assess against it.
    ("evaluation:scorecard_list", pgettext_lazy("menu", "Bộ tiêu chí"), "list-check", EVERYONE, EVALUATION),
    ("certificates:decision_list", pgettext_lazy("menu", "Quyết định"), "file-earmark-text", PROVINCE_AND_UP),
    ("certificates:certificate_list", pgettext_lazy("menu", "Giấy chứng nhận"), "award", OFFICERS | {Role.PRODUCER}),
    ("certificates:expiry_list", pgettext_lazy("menu", "Sắp hết hạn"), "hourglass-split", OFFICERS),
    ("dashboard_statistics", pgettext_lazy("menu", "Thống kê"), "bar-chart", OFFICERS, MANAGEMENT),
    # Kiểm tra, giám sát (D26 Điều 9): the offices, the viewer, commune officers and inspectors of the advisory team.
    (
        "supervision:overview",
        pgettext_lazy("menu", "Kiểm tra, giám sát"),
        "binoculars",
        OFFICERS | {Role.ADVISORY_MEMBER},
        MANAGEMENT,
    ),
    ("supervision:inspection_list", pgettext_lazy("menu", "Kiểm tra, giám sát"), "binoculars", {Role.PRODUCER}),
    ("dashboard_plan_list", pgettext_lazy("menu", "Kế hoạch"), "flag", OFFICERS, MANAGEMENT),
    ("dashboard_report", pgettext_lazy("menu", "Báo cáo"), "file-earmark-bar-graph", OFFICERS, MANAGEMENT),
    # Staff accounts: a province's office keeps those of its province, the ministry those of every province.
    (
        "accounts:account_list",
        pgettext_lazy("menu", "Tài khoản"),
        "person-gear",
        {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN},
        MANAGEMENT,
    ),
    (
        "lockout_list",
        pgettext_lazy("menu", "Khoá đăng nhập"),
        "shield-lock",
        {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN},
        MANAGEMENT,
    ),
]


def menu_for(user) -> list[dict]:
    """Top-level entries in order; a dropdown is one entry with `children` (shown only when it has any)."""
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    items: list[dict] = []
    dropdowns: dict[str, dict] = {}
    for name, label, icon, roles, *group in MENU:
        if role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        entry = {"name": name, "label": label, "icon": icon, "url": url}
        if not group:
            items.append(entry)
            continue
        if group[0] not in dropdowns:
            dropdowns[group[0]] = {"label": group[0], "icon": "clipboard-data", "children": []}
            items.append(dropdowns[group[0]])
        dropdowns[group[0]]["children"].append(entry)
    return items


# Quick links on the home page: (url name, label, bootstrap icon, roles that see it).
QUICK_LINKS = [
    ("evaluation:registration_create", _("Đăng ký sản phẩm đánh giá"), "plus-circle", {Role.PRODUCER}),
    ("products:product_list", _("Sản phẩm của tôi"), "box-seam", {Role.PRODUCER}),
    ("certificates:certificate_list", _("Giấy chứng nhận của tôi"), "award", {Role.PRODUCER}),
    ("evaluation:scorecard_list", _("Bộ tiêu chí để tự đánh giá"), "list-check", {Role.PRODUCER}),
    ("products:producer_create", _("Thêm chủ thể"), "person-plus", {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER}),
    ("products:product_create", _("Thêm sản phẩm"), "plus-circle", {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER}),
    ("evaluation:registration_list", _("Hồ sơ đăng ký"), "folder2-open", OFFICERS | {Role.ADVISORY_MEMBER}),
    ("products:producer_import", _("Nhập chủ thể từ Excel"), "upload", {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER}),
    ("evaluation:round_list", _("Đợt đánh giá"), "calendar-event", {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER}),
    (
        "evaluation:session_list",
        _("Phiên họp, chấm điểm"),
        "clipboard-check",
        {Role.COUNCIL_MEMBER, Role.PROVINCE_OFFICER},
    ),
    ("certificates:decision_list", _("Quyết định công nhận"), "file-earmark-text", PROVINCE_AND_UP - {Role.VIEWER}),
    ("certificates:expiry_list", _("Giấy chứng nhận sắp hết hạn"), "hourglass-split", OFFICERS),
    ("evaluation:scorecard_list", _("Bộ tiêu chí"), "list-check", {Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER}),
    ("dashboard_statistics", _("Thống kê Chương trình OCOP"), "bar-chart", OFFICERS),
]


def quick_links_for(user) -> list[dict]:
    """The home page's shortcuts for the user's role; links whose URL is not defined are skipped."""
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    links = []
    for name, label, icon, roles in QUICK_LINKS:
        if role not in roles:
            continue
        try:
            links.append({"label": label, "icon": icon, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return links
