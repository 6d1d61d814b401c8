"""Chart specs for static/js/charts.js: the same numbers as each figure's table, and the list behind each bar."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .statistics import STARS

STAR_COLOURS = {3: "#56B4E9", 4: "#E69F00", 5: "#0072B2"}  # Okabe–Ito: told apart with any colour vision


def _chart(rows: list[dict], *, per_star: bool, label: str = "", kind: str = "bar", horizontal: bool = False) -> dict:
    """A figure's rows as a chart spec for static/js/charts.js: the same numbers as its table, and the list
    behind each bar (the drill-down)."""
    spec = {
        "type": kind,
        "horizontal": horizontal,
        "labels": [str(row["label"]) for row in rows],
        "urls": [row.get("url") or "" for row in rows],
    }
    if per_star:
        spec["stacked"] = kind == "bar"
        spec["datasets"] = [
            {"label": f"{star} ★", "data": [row["stars"][i] for row in rows], "colour": STAR_COLOURS[star]}
            for i, star in enumerate(STARS)
        ]
    else:
        spec["datasets"] = [{"label": label, "data": [row["count"] for row in rows]}]
    return spec


def statistics_charts(stats: dict) -> dict:
    """One chart per figure where people would rather look than read."""
    evaluated = stats["evaluated"]
    return {
        "by_star": _chart(stats["stars"], per_star=False, label=pgettext("count", "Sản phẩm")),
        "by_year": _chart(stats["years"], per_star=True, kind="line"),
        "by_unit": _chart(stats["units"], per_star=True, horizontal=True),
        "by_sector": _chart(stats["sectors"], per_star=True, horizontal=True),
        "by_month": _chart(stats["expiring"], per_star=False, label=str(_("Hết hạn trong tháng"))),
        "pipeline": _chart(stats["pipeline"], per_star=False, label=str(_("Hồ sơ")), horizontal=True),
        "by_status": _chart(stats["statuses"], per_star=False, label=str(_("Giấy chứng nhận")), horizontal=True),
        "evaluated": {
            "type": "bar",
            "labels": [str(row["label"]) for row in evaluated],
            "urls": [row["url"] for row in evaluated],
            "datasets": [
                {
                    "label": str(_("Đã đánh giá")),
                    "data": [row["evaluated"] for row in evaluated],
                    "colour": "#E69F00",
                    "urls": [row["evaluated_url"] for row in evaluated],
                },
                {
                    "label": str(_("Được công nhận")),
                    "data": [row["recognised"] for row in evaluated],
                    "colour": "#0072B2",
                },
            ],
        },
    }
