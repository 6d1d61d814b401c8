"""Build `ocop/data/historic_units.json.gz`: the pre-July-2025 units and their old → new mapping.

The historic map (63 provinces, their districts and communes, with GSO codes) comes from
`vietnam-provinces==0.6.0` (data of 2025-01-04), and which old commune went into which new one from
`vietnam-address-converter==1.0.5` (its `data.py`, "admin_mapping_old_to_new"). Neither can be
installed at run time beside `vietnam-provinces==2025.10.1` (0.6.0 has the same import name, and the
converter is 10 MB of data we need once), so this script reads both wheels as zip files and writes a
small committed data file that `manage.py load_admin_units` reads.

The converter numbers units with its own codes, so units are matched by name: old province by name,
old district by (type, name) inside it, old commune by (type, name) inside the district; new communes by
(type, name) inside the new province, whose official codes come from the installed 2025.10.1 package.

Rerun (from the repository root, with the project's venv active):

    pip download vietnam-provinces==0.6.0 vietnam-address-converter==1.0.5 --no-deps -d /tmp/vp06
    python devtools/build_admin_units.py /tmp/vp06

It prints what it could not match; those old units are written without a successor.

Output (gzip JSON, names as the sources spell them, in NFC):
    {"meta": {...},
     "provinces": [[code, name, kind, new_province_code | null], ...],
     "districts": [[code, name, kind, province_code, [new_commune_code, ...]], ...],
     "communes":  [[code, name, kind, district_code, [new_commune_code, ...]], ...]}
A list of new commune codes holds the primary successor first. Districts have successors only where the
district had no communes (island districts that became đặc khu).
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import re
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "ocop" / "data" / "historic_units.json.gz"
VP_WHEEL = "vietnam_provinces-0.6.0-py3-none-any.whl"
CONVERTER_WHEEL = "vietnam_address_converter-1.0.5-py3-none-any.whl"

# Longest first: "thành phố" before "thị"…; these are folded (see `fold`).
PREFIXES = [
    ("thanh pho", "thành phố"),
    ("thi tran", "thị trấn"),
    ("dac khu", "đặc khu"),
    ("thi xa", "thị xã"),
    ("phuong", "phường"),
    ("huyen", "huyện"),
    ("tinh", "tỉnh"),
    ("quan", "quận"),
    ("xa", "xã"),
]


ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def fold(value: str) -> str:
    text = unicodedata.normalize("NFD", value or "").lower().replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"['\u2019]\s*", "", text)  # "Ia H' Drai" = "Ia H'Drai" = "Ia H’Drai"
    text = re.sub(r"[-\u2013\u2014.]", " ", text)  # "Chân Mây – Lăng Cô" = "Chân Mây-Lăng Cô"
    text = " ".join(text.split())
    text = f" {text} ".replace(" n t ", " nong truong ").replace(" nt ", " nong truong ")  # "Thị trấn NT Lệ Ninh"
    return text.strip()


def split_kind(name: str) -> tuple[str, str]:
    """("Xã Kim Lư") → ("xã", "kim lu"); numbers lose leading zeros ("Phường 01" → "1")."""
    words = [str(ROMAN.index(w)) if w in ROMAN[1:] else w for w in nfc(name).split()]  # "Phường IV" = "Phường 4"
    folded = fold(" ".join(words))
    kind = ""
    for prefix, label in PREFIXES:
        if folded == prefix or folded.startswith(prefix + " "):
            kind, folded = label, folded[len(prefix) :].strip()
            break
    words = [w.lstrip("0") or "0" if w.isdigit() else w for w in folded.split()]
    return kind, " ".join(words)


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def keys(name: str) -> list:
    """Lookup keys from the strictest to the loosest: exact spelling ("Sa Pa" ≠ "Sa Pả"), then without
    accents with the type ("xã", "phường"), without the type, with y = i ("Phú Quí" = "Phú Quý"), and
    without spaces."""
    kind, key = split_kind(name)
    exact = " ".join(re.sub(r"[-\u2013\u2014]", " ", nfc(name).lower()).split())
    return [exact, (kind, key), key, key.replace("y", "i"), key.replace(" ", "")]  # "EaBar" = "Ea Bar"


class Index:
    """Children of one parent, looked up by the first key of `keys()` that names exactly one of them."""

    def __init__(self):
        self.levels: list[dict] = [defaultdict(list) for _ in range(5)]

    def add(self, name: str, item) -> None:
        for level, key in zip(self.levels, keys(name), strict=False):
            level[key].append(item)

    def find(self, name: str):
        for level, key in zip(self.levels, keys(name), strict=False):
            hits = level.get(key, [])
            if len(hits) == 1:
                return hits[0]
        return None


def read_old_map(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read("vietnam_provinces/data/nested-divisions.json"))


def read_converter(wheel: Path) -> dict:
    sys.path.insert(0, str(wheel))  # a pure-Python wheel imports straight from the zip
    try:
        return importlib.import_module("vietnam_address_converter.data").DEFAULT_DATA
    finally:
        sys.path.remove(str(wheel))


def read_new_map() -> list[dict]:
    import vietnam_provinces

    assert vietnam_provinces.__version__.startswith("2025."), vietnam_provinces.__version__
    return json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))


def build(wheel_dir: Path) -> tuple[dict, dict]:
    old_map = read_old_map(wheel_dir / VP_WHEEL)
    converter = read_converter(wheel_dir / CONVERTER_WHEEL)
    new_map = read_new_map()

    old_provinces = Index()
    for p in old_map:
        old_provinces.add(p["name"], p)
        p["_districts"] = Index()
        for d in p["districts"]:
            p["_districts"].add(d["name"], d)
            d["_wards"] = Index()
            for w in d["wards"]:
                d["_wards"].add(w["name"], w)
    new_provinces = Index()
    for p in new_map:
        new_provinces.add(p["name"], p)
        p["_wards"] = Index()
        for w in p["wards"]:
            p["_wards"].add(w["name"], w)

    ward_successors: dict[int, list[int]] = defaultdict(list)  # old ward code → new ward codes, in row order
    district_successors: dict[int, list[int]] = defaultdict(list)
    province_votes: dict[int, Counter] = defaultdict(Counter)
    problems: Counter = Counter()
    samples: dict[str, list] = defaultdict(list)

    def problem(what: str, detail) -> None:
        problems[what] += 1
        if len(samples[what]) < 8:
            samples[what].append(detail)

    for row in converter["mapping"]["rows"]:
        old, new = row["old"], row["new"]
        op = old_provinces.find(old["province_name"])
        np_ = new_provinces.find(new["province_name"])
        if op is None or np_ is None:
            problem("province not matched", (old["province_name"], new["province_name"]))
            continue
        nw = np_["_wards"].find(new["ward_name"])
        if nw is None:
            problem("new commune not matched", (new["province_name"], new["ward_name"]))
            continue
        province_votes[op["code"]][np_["code"]] += 1
        od = op["_districts"].find(old["district_name"])
        if od is None:
            problem("old district not matched", (old["province_name"], old["district_name"]))
            continue
        if not old["ward_name"]:
            if nw["code"] not in district_successors[od["code"]]:
                district_successors[od["code"]].append(nw["code"])
            continue
        ow = od["_wards"].find(old["ward_name"])
        if ow is None:
            problem("old commune not in vietnam-provinces 0.6.0", (old["district_name"], old["ward_name"]))
            continue
        if nw["code"] not in ward_successors[ow["code"]]:
            ward_successors[ow["code"]].append(nw["code"])

    new_ward_names = {w["code"]: split_kind(w["name"])[1] for p in new_map for w in p["wards"]}

    def ordered(old_name: str, codes: list[int]) -> list[str]:
        """Primary first: the new commune that kept the old name, else the first the source lists."""
        key = split_kind(old_name)[1]
        codes = sorted(codes, key=lambda c: new_ward_names[c] != key)
        return [f"{c:05d}" for c in codes]

    provinces, districts, communes = [], [], []
    for p in old_map:
        votes = province_votes.get(p["code"])
        successor = None
        if votes:
            (best, _), *rest = votes.most_common()
            successor = f"{best:02d}"
            if rest:
                problem("old province split across new provinces", (p["name"], dict(votes)))
        else:
            problem("old province unmapped", p["name"])
        provinces.append([f"{p['code']:02d}", nfc(p["name"]), split_kind(p["name"])[0], successor])
        for d in p["districts"]:
            districts.append(
                [
                    f"{d['code']:03d}",
                    nfc(d["name"]),
                    split_kind(d["name"])[0],
                    f"{p['code']:02d}",
                    ordered(d["name"], district_successors.get(d["code"], [])),
                ]
            )
            for w in d["wards"]:
                succ = ordered(w["name"], ward_successors.get(w["code"], []))
                if not succ:
                    problem("old commune unmapped", (p["name"], d["name"], w["name"]))
                communes.append(
                    [f"{w['code']:05d}", nfc(w["name"]), split_kind(w["name"])[0], f"{d['code']:03d}", succ]
                )

    data = {
        "meta": {
            "sources": ["vietnam-provinces==0.6.0", "vietnam-address-converter==1.0.5", "vietnam-provinces==2025.10.1"],
            "valid_to": "2025-06-30",
            "generator": "devtools/build_admin_units.py",
        },
        "provinces": provinces,
        "districts": districts,
        "communes": communes,
    }
    return data, {"problems": problems, "samples": samples}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel_dir", type=Path, help="folder holding the two downloaded wheels")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data, report = build(args.wheel_dir)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical between reruns on the same inputs.
    with open(args.out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    mapped = sum(1 for c in data["communes"] if c[4])
    print(
        f"{len(data['provinces'])} provinces, {len(data['districts'])} districts, "
        f"{len(data['communes'])} communes ({mapped} with a successor) → {args.out} "
        f"({args.out.stat().st_size // 1024} KiB)"
    )
    for what, count in report["problems"].most_common():
        print(f"  {count:5d} {what}: {report['samples'][what][:4]}")


if __name__ == "__main__":
    main()
