"""A tile-grid map of the 34 provinces (in force since 1 July 2025): one square per province, placed by geography
(north at the top, the sea to the east). No boundary data with a licence could be vendored here (see
static/vendor/VERSIONS.md), so the map is drawn from this table as inline SVG: nothing is fetched at run time.

Each entry: official province code (QĐ 19/2025/QĐ-TTg) → (column, row, short label, name)."""

from django.urls import reverse

GRID = {
    "12": (1, 0, "LCh", "Lai Châu"),
    "15": (2, 0, "LCa", "Lào Cai"),
    "08": (3, 0, "TQ", "Tuyên Quang"),
    "04": (4, 0, "CB", "Cao Bằng"),
    "11": (0, 1, "ĐB", "Điện Biên"),
    "14": (1, 1, "SL", "Sơn La"),
    "25": (2, 1, "PT", "Phú Thọ"),
    "19": (3, 1, "TN", "Thái Nguyên"),
    "20": (4, 1, "LS", "Lạng Sơn"),
    "01": (2, 2, "HN", "Hà Nội"),
    "24": (3, 2, "BN", "Bắc Ninh"),
    "22": (4, 2, "QN", "Quảng Ninh"),
    "37": (2, 3, "NB", "Ninh Bình"),
    "33": (3, 3, "HY", "Hưng Yên"),
    "31": (4, 3, "HP", "Hải Phòng"),
    "38": (2, 4, "TH", "Thanh Hóa"),
    "40": (2, 5, "NA", "Nghệ An"),
    "42": (3, 6, "HT", "Hà Tĩnh"),
    "44": (3, 7, "QT", "Quảng Trị"),
    "46": (4, 8, "Huế", "Huế"),
    "48": (4, 9, "ĐN", "Đà Nẵng"),
    "51": (4, 10, "QNg", "Quảng Ngãi"),
    "52": (4, 11, "GL", "Gia Lai"),
    "66": (4, 12, "ĐL", "Đắk Lắk"),
    "68": (3, 13, "LĐ", "Lâm Đồng"),
    "56": (4, 13, "KH", "Khánh Hòa"),
    "80": (1, 14, "TNi", "Tây Ninh"),
    "79": (2, 14, "HCM", "Hồ Chí Minh"),
    "75": (3, 14, "ĐNa", "Đồng Nai"),
    "91": (0, 15, "AG", "An Giang"),
    "82": (1, 15, "ĐT", "Đồng Tháp"),
    "86": (2, 15, "VL", "Vĩnh Long"),
    "96": (0, 16, "CM", "Cà Mau"),
    "92": (1, 16, "CT", "Cần Thơ"),
}
TILE = 44  # px in the SVG's own units; the SVG scales to its box
GAP = 4
COLUMNS = 1 + max(c for c, _r, _l, _n in GRID.values())
ROWS = 1 + max(r for _c, r, _l, _n in GRID.values())

# Five classes, light to dark; dark classes take white text (contrast ≥ 4.5:1 both ways).
PALETTE = [
    ("#eef1f4", "#212529"),  # no product
    ("#d8eedd", "#0a3622"),
    ("#9fd3ae", "#0a3622"),
    ("#3f9b60", "#ffffff"),
    ("#1f6f43", "#ffffff"),
]


def _class_of(count: int, top: int) -> int:
    """0 for none, then four equal slices of (0, top]."""
    if count <= 0 or top <= 0:
        return 0
    return 1 + min(3, (4 * count - 1) // top)


def _legend(top: int) -> list[dict]:
    ranges: dict[int, list[int]] = {}
    for count in range(1, top + 1):
        ranges.setdefault(_class_of(count, top), []).append(count)
    legend = [{"fill": PALETTE[0][0], "low": 0, "high": 0}]
    legend += [{"fill": PALETTE[k][0], "low": v[0], "high": v[-1]} for k, v in sorted(ranges.items())]
    return legend


def tile_map(provinces: list[dict]) -> dict:
    """The SVG's tiles: position, colour, label and link of each of the 34 provinces, plus the legend.
    `provinces` are the rows of counts_by_province (id, code, name, count); a province of the grid that is not in
    the database yet is drawn empty, without a link."""
    by_code = {f"{int(p['code']):02d}": p for p in provinces if str(p["code"]).isdigit()}
    top = max((p["count"] for p in provinces), default=0)
    catalogue = reverse("portal:catalogue")
    tiles = []
    for code, (column, row, label, name) in GRID.items():
        found = by_code.get(code)
        count = found["count"] if found else 0
        fill, ink = PALETTE[_class_of(count, top)]
        x, y = column * (TILE + GAP), row * (TILE + GAP)
        tiles.append(
            {
                "code": code,
                "name": found["name"] if found else name,
                "count": count,
                "x": x,
                "y": y,
                "tx": x + TILE // 2,
                "ty": y + TILE // 2 - 3,
                "cy": y + TILE // 2 + 12,
                "label": label,
                "fill": fill,
                "ink": ink,
                "url": f"{catalogue}?province={found['id']}" if found else "",
            }
        )
    return {
        "tiles": tiles,
        "width": COLUMNS * (TILE + GAP) - GAP,
        "height": ROWS * (TILE + GAP) - GAP,
        "tile": TILE,
        "legend": _legend(top) if top else [],
    }
