"""The main menu, by role. Each app adds its entries here; an entry whose URL is not defined is skipped."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .choices import Role

OFFICERS = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER}
PROVINCE_AND_UP = {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER}
EVERYONE = set(Role)

EVALUATION = _("Đánh giá")

# (url name, label, bootstrap icon, roles that see it[, dropdown it sits in])
MENU = [
    ("home", _("Tổng quan"), "house", EVERYONE),
    ("products:producer_list", _("Chủ thể"), "people", OFFICERS),
    ("products:product_list", _("Sản phẩm"), "box-seam", OFFICERS | {Role.PRODUCER}),
    (
        "evaluation:registration_list",
        _("Hồ sơ đăng ký"),
        "folder2-open",
        OFFICERS | {Role.PRODUCER, Role.ADVISORY_MEMBER},
    ),
    ("evaluation:round_list", _("Đợt đánh giá"), "calendar-event", PROVINCE_AND_UP, EVALUATION),
    ("evaluation:council_list", _("Hội đồng"), "people-fill", PROVINCE_AND_UP, EVALUATION),
    (
        "evaluation:session_list",
        _("Chấm điểm"),
        "clipboard-check",
        {Role.COUNCIL_MEMBER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN},
        EVALUATION,
    ),
    # Public law; producers self-assess against it.
    ("evaluation:scorecard_list", _("Bộ tiêu chí"), "list-check", EVERYONE, EVALUATION),
    ("certificates:decision_list", _("Quyết định"), "file-earmark-text", PROVINCE_AND_UP),
    ("certificates:certificate_list", _("Giấy chứng nhận"), "award", OFFICERS | {Role.PRODUCER}),
    ("certificates:expiry_list", _("Sắp hết hạn"), "hourglass-split", OFFICERS),
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
