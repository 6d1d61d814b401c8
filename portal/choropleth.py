"""The public map: a choropleth of the 34 provinces in force since 1 July 2025, drawn on the server as SVG (one
link per province, labelled for screen readers) from outlines vendored in static/ (no tile server, nothing fetched
at run time, no JavaScript needed).

The outlines (`static/portal/map/vn-34-provinces.json`) are derived from Natural Earth's admin-1 data (public
domain) by `manage.py build_province_map` (devtools/province_map.py), which dissolves the 63 former provinces into
the 34 new ones with the app's old → new mapping; source and licence in static/vendor/VERSIONS.md. Open boundary
data for the 3,321 new communes could not be obtained, so a province's page shows its outline and a table of its
communes, not a commune map.

Colours: five classes of ColorBrewer's YlGnBu, a sequential scheme that stays readable to colour-blind viewers
(lightness rises with the count), grey for none. Classes split the provinces that have products into quartiles
of their counts, so a country where one province has most products still shows differences."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from ocop.text import vietnamese_sort_key

MAP_FILE = Path(settings.BASE_DIR) / "static" / "portal" / "map" / "vn-34-provinces.json"

NONE = "#eceff1"  # no product
PALETTE = ["#c7e9b4", "#7fcdbb", "#1d91c0", "#0c2c84"]  # ColorBrewer YlGnBu, light to dark
CLASSES = len(PALETTE)

# The archipelagos' names as the outlines file keeps them (Vietnamese), marked for the catalogue: the English map
# calls them as Viet Nam's official English does (and the caption under the map), "Hoang Sa archipelago".
ISLAND_NAMES = (gettext_noop("Quần đảo Hoàng Sa"), gettext_noop("Quần đảo Trường Sa"))


@functools.cache
def outlines() -> dict:
    """The vendored outlines: {"view_box": [...], "provinces": {code: {"d", "label", "box"}}, "islands": [...]}."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def province_code(code: str) -> str:
    """The two-digit official code (QĐ 19/2025/QĐ-TTg) of a current province, as the outlines key them."""
    return f"{int(code):02d}" if str(code).isdigit() else str(code)


def breaks(counts: list[int]) -> list[int]:
    """Upper bounds of the classes (at most CLASSES, rising): quartiles of the non-zero counts."""
    values = sorted(c for c in counts if c > 0)
    if not values:
        return []
    bounds: list[int] = []
    for k in range(1, CLASSES + 1):
        bound = values[max(0, -(-k * len(values) // CLASSES) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def class_of(count: int, bounds: list[int]) -> int:
    """0 for none, else 1 + the index of the first class whose upper bound holds the count."""
    if count <= 0:
        return 0
    return 1 + next((i for i, bound in enumerate(bounds) if count <= bound), len(bounds) - 1)


def legend(bounds: list[int]) -> list[dict]:
    rows = [{"fill": NONE, "low": 0, "high": 0}]
    low = 1
    for i, bound in enumerate(bounds):
        rows.append({"fill": _class_colour(i + 1, len(bounds)), "low": low, "high": bound})
        low = bound + 1
    return rows


def _class_colour(klass: int, classes: int) -> str:
    """With fewer than four classes (few provinces with products), use the darker end of the palette evenly."""
    if klass == 0:
        return NONE
    if classes >= CLASSES:
        return PALETTE[klass - 1]
    if classes == 1:
        return PALETTE[-1]
    return PALETTE[round((klass - 1) * (CLASSES - 1) / (classes - 1))]


def country_map(provinces: list[dict]) -> dict:
    """The national map: each of the 34 outlines with its count, colour, label and link, the legend and the
    archipelagos. `provinces` are counts_by_province rows (id, code, name, count); an outline whose province is
    not in the database is drawn grey, without a link."""
    data = outlines()
    by_code = {province_code(p["code"]): p for p in provinces}
    bounds = breaks([p["count"] for p in provinces if province_code(p["code"]) in data["provinces"]])
    catalogue = reverse("portal:catalogue")
    shapes = []
    for code, outline in data["provinces"].items():
        found = by_code.get(code)
        count = found["count"] if found else 0
        shapes.append(
            {
                "code": code,
                "d": outline["d"],
                "name": found["name"] if found else "",
                "count": count,
                "fill": _class_colour(class_of(count, bounds), len(bounds)),
                "url": f"{catalogue}?province={found['id']}" if found else "",
            }
        )
    shapes.sort(key=lambda s: vietnamese_sort_key(s["name"]))
    return {
        "view_box": " ".join(str(v) for v in data["view_box"]),
        "shapes": shapes,
        "islands": [{**i, "name": gettext(i["name"])} for i in data["islands"]],
        "legend": legend(bounds),
    }


def province_map(province: dict, count: int, *, provinces: list[dict]) -> dict | None:
    """One province, zoomed, coloured as on the national map, its neighbours grey around it. None when the
    province has no outline (a unit not among the 34)."""
    data = outlines()
    code = province_code(province["code"])
    outline = data["provinces"].get(code)
    if outline is None:
        return None
    bounds = breaks([p["count"] for p in provinces if province_code(p["code"]) in data["provinces"]])
    x, y, w, h = outline["box"]
    pad = max(w, h) * 0.3 + 10
    return {
        "view_box": f"{x - pad:.1f} {y - pad:.1f} {w + 2 * pad:.1f} {h + 2 * pad:.1f}",
        "d": outline["d"],
        "fill": _class_colour(class_of(count, bounds), len(bounds)),
        "others": [o["d"] for c, o in data["provinces"].items() if c != code],
        "islands": [i for i in data["islands"] if i["province"] == code and not i["inset"]],
    }
