"""An independent check of the D26 scorecard data against the plain-text edition of the decision.

The parser (devtools/criteria_parser.py) reads the .html table rows; this module reads the .txt line by line
with a separate, deliberately simple reader and no code shared with the parser, and compares, for each of the
26 sets: the sequence of parts, groups and criteria, every maximum, every option's points in order, every
star-minimum marker and every "Trường hợp 1/2" case. The only disagreements allowed are the misprints that the
data corrects by hand (ocop-domain.md §3.7 and criteria_parser.OPTION_POINT_FIXES / MAX_FIXES); each one is
listed below with the printed value, and each is shown to be a misprint from the text alone.

How the .txt reads (Phụ lục II): every set has one line "Tên sản phẩm…"; a part starts "Phần A" / "PHẦN C";
a group or criterion starts, unindented, with its number ("1.", "1.1.", "6.1.1", "8 CÔNG BỐ"); its maximum is
the next integer-only line; an option starts with "□" (once "o ") and its points are the next integer-only
line; a marker ends the option text ("…****", "* * * *", "***" + "*"); the sheet ends at "TỔNG CỘNG".
Sets 19–20 break headings across lines ("1" / "." / "TỔ" …, "1" / "7"): a number followed by a lone "." is
a heading number, and the digits of a maximum may stand on consecutive lines.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from evaluation.services.criteria import DATA_DIR

# The plain-text edition kept in the repository (devtools/reference/README.md): a file path, no code of devtools.
TXT = Path(__file__).resolve().parents[2] / "devtools" / "reference" / "qd-26-2026-qd-ttg.txt"

D26 = json.loads((DATA_DIR / "criteria-26-2026.json").read_text(encoding="utf-8"))
CARDS = {c["number"]: c for c in D26["scorecards"]}

INT = re.compile(r"^\d+$")
HEADING = re.compile(r"^(\d+(?:\.\d+){0,2})\.?(?:\s+\S.*)?$")
PART = re.compile(r"^ph[ầa]n\s*([abc])\b", re.I)
CASE = re.compile(r"^[ab]\.\s*Trường hợp\s*([12])")


# --- the independent reader -----------------------------------------------------------------------------------


def _lines() -> list[str]:
    return TXT.read_text(encoding="utf-8").split("\n")


def set_ranges(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line indexes of the 26 sheets: from each "Tên sản phẩm" line to the next, inside Phụ lục II."""
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "PHỤ LỤC II")
    end = next(i for i, ln in enumerate(lines) if ln.strip().startswith("PHỤ LỤC III"))
    anchors = [i for i in range(start, end) if lines[i].startswith("Tên sản phẩm")]
    bounds = [*anchors, end]
    return [(bounds[k], bounds[k + 1]) for k in range(len(anchors))]


def marker_of(text: str) -> int | None:
    collapsed = re.sub(r"\*\s+(?=\*)", "*", text).rstrip()
    m = re.search(r"(?<!\*)(\*{3,5})$", collapsed)
    return len(m.group(1)) if m else None


def read_sheet(lines: list[str], lo: int, hi: int) -> list[dict]:
    """The entries of one sheet in print order: {"kind": "part"|"head", "number", "max", "options": [...]},
    each option as (points or None when none is printed, marker or None, case 0/1/2)."""
    entries: list[dict] = []
    current = waiting = None
    option: list | None = None  # [text, closed_by_note]
    case = 0

    def close_option(points):
        nonlocal option
        current["options"].append((points, marker_of(option[0]), case))
        current["texts"].append(option[0])
        option = None

    i = lo - 1
    while i < hi - 1:
        i += 1
        raw = lines[i]
        s = raw.strip()
        if not s:
            continue
        if s.startswith("TỔNG CỘN"):
            break
        indented = raw[0].isspace()
        if INT.match(s) and i + 1 < hi and lines[i + 1].strip() == ".":
            s, indented = s + ".", False  # sets 19–20: "1" / "." is the heading "1."
            i += 1
        if s.startswith(("□", "o ")) and not indented:
            if option is not None:
                close_option(None)
            option = [s, False]
            continue
        if INT.match(s):
            if option is not None:
                close_option(int(s))
            elif waiting is not None:
                digits = s
                while i + 1 < hi and INT.match(lines[i + 1].strip()) and lines[i + 2].strip() != ".":
                    i += 1
                    digits += lines[i].strip()
                waiting["max"], waiting = int(digits), None
            else:
                raise AssertionError(f"line {i + 1}: integer {s!r} belongs to nothing")
            continue
        part = PART.match(s)
        heading = HEADING.match(s)
        if not indented and (part or heading):
            if option is not None:
                close_option(None)
            current = {
                "kind": "part" if part else "head",
                "number": part.group(1).upper() if part else heading.group(1),
                "max": None,
                "options": [],
                "texts": [],
            }
            entries.append(current)
            waiting, case = current, 0
            continue
        m = CASE.match(s)
        if m:
            case = int(m.group(1))
        elif option is not None:
            if s.startswith(("Ghi chú", "Chú ý")) and not indented:
                option[1] = True  # sets 21–22, 6.2: a note between a marked option and its points
            elif not option[1]:
                option[0] += " " + s
    return entries


LINES = _lines()
RANGES = set_ranges(LINES) if LINES else []
SHEETS = {n + 1: read_sheet(LINES, lo, hi) for n, (lo, hi) in enumerate(RANGES)}


# --- the committed data, flattened to the same shape ------------------------------------------------------------


def _opts(criterion) -> list[tuple]:
    if criterion["is_yes_no"]:  # "song ngữ" prints no options; the data models it as Không/Có
        return []
    return [(o["points"], o["min_star"], o["case_variant"]) for o in criterion["options"]]


def data_sheet(card: dict) -> list[dict]:
    out: list[dict] = []
    for part in card["parts"]:
        out.append({"kind": "part", "number": part["letter"], "max": part["max_points"], "options": []})
        for group in part["groups"]:
            out.append({"kind": "head", "number": group["number"], "max": group["max_points"], "options": []})
            below = [(c["number"], "c", c) for c in group["criteria"]]
            below += [(s["number"], "s", s) for s in group.get("subgroups", [])]
            below.sort(key=lambda e: [int(x) for x in e[0].split(".")])
            for number, kind, item in below:
                if kind == "c" and number == group["number"]:
                    out[-1]["options"] = _opts(item)  # a group scored directly
                    continue
                out.append({"kind": "head", "number": number, "max": item["max_points"], "options": []})
                if kind == "c":
                    out[-1]["options"] = _opts(item)
                else:
                    out.extend(
                        {"kind": "head", "number": c["number"], "max": c["max_points"], "options": _opts(c)}
                        for c in item["criteria"]
                    )
    return out


# The misprints: (set, number) → what the text prints vs what the data holds, with where the data's value comes
# from. Options are (points, marker, case); "max" entries are maxima.
KNOWN_MISPRINTS = {
    # 1.2 "Không được cấp giấy chứng nhận chất lượng" has no points printed; 0 as in every other set.
    (4, "1.2"): {
        "options": ([(None, None, 0), (1, None, 0), (2, None, 0)], [(0, None, 0), (1, None, 0), (2, None, 0)])
    },
    (7, "1.2"): {
        "options": ([(None, None, 0), (1, None, 0), (2, None, 0)], [(0, None, 0), (1, None, 0), (2, None, 0)])
    },
    (10, "1.2"): {
        "options": ([(None, None, 0), (1, None, 0), (2, None, 0)], [(0, None, 0), (1, None, 0), (2, None, 0)])
    },
    (11, "1.2"): {
        "options": ([(None, None, 0), (1, None, 0), (2, None, 0)], [(0, None, 0), (1, None, 0), (2, None, 0)])
    },
    # Set 4, 7 Dinh dưỡng (max 3): "Có trên 2 chỉ tiêu" printed 13; 3 as in sets 1 and 3.
    (4, "7"): {"options": ([(0, None, 0), (1, None, 0), (13, None, 0)], [(0, None, 0), (1, None, 0), (3, None, 0)])},
    # Set 11, 6.1.1 Tạp chất (max 2): the middle option printed 11; 1 as in set 12's identical 6.1 (and set 13).
    (11, "6.1.1"): {"options": ([(0, None, 0), (11, None, 0), (2, 4, 0)], [(0, None, 0), (1, None, 0), (2, 4, 0)])},
    # Set 23, 9 Hướng dẫn sử dụng: the maximum "4" is followed by a stray "1" line (read here as 41).
    (23, "9"): {"max": (41, 4)},
}


def differences(number: int) -> dict:
    printed, ours = SHEETS[number], data_sheet(CARDS[number])
    assert [(e["kind"], e["number"]) for e in printed] == [(e["kind"], e["number"]) for e in ours]
    diffs: dict = {}
    for p, q in zip(printed, ours, strict=True):
        if p["max"] != q["max"]:
            diffs.setdefault((number, p["number"]), {})["max"] = (p["max"], q["max"])
        if p["options"] != q["options"]:
            diffs.setdefault((number, p["number"]), {})["options"] = (p["options"], q["options"])
    return diffs


# --- the reader reads everything --------------------------------------------------------------------------------


def test_it_finds_the_26_sheets_in_the_text():
    assert len(RANGES) == 26
    for n, (lo, _hi) in enumerate(RANGES, start=1):
        heading = " ".join(LINES[lo - 8 : lo])  # "N. Bộ sản phẩm: …" / "12. Sản phẩm trà" / "19." sits above
        assert re.search(rf"(^|\s){n}\.", heading), (n, heading)


@pytest.mark.parametrize("number", range(1, 27))
def test_the_reader_misses_no_option_and_no_marker_of_the_text(number):
    """Guards the reader itself: every "□" line and every run of stars before TỔNG CỘNG is accounted for."""
    lo, hi = RANGES[number - 1]
    body = LINES[lo:hi]
    body = body[: next(i for i, ln in enumerate(body) if ln.strip().startswith("TỔNG CỘN"))]
    options = [o for e in SHEETS[number] for o in e["options"]]
    assert len(options) == sum(1 for ln in body if ln.lstrip().startswith(("□", "o ")))
    stars = Counter(len(re.sub(r"\s", "", m)) for m in re.findall(r"\*(?:\s*\*)+", "\n".join(body)))
    assert Counter(o[1] for o in options if o[1]) == stars


# --- text vs data -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", range(1, 27))
def test_the_data_equals_the_printed_sheet_except_the_known_misprints(number):
    """Same parts, groups and criteria in the same order; same maxima; same options (points, marker, case)."""
    expected = {k: v for k, v in KNOWN_MISPRINTS.items() if k[0] == number}
    assert differences(number) == expected


def test_each_known_misprint_is_a_misprint_by_the_text_alone():
    """Without the data: each corrected value breaks a rule the rest of the sheet keeps."""

    def entry(number, code):
        return next(e for e in SHEETS[number] if e["number"] == code)

    none = "□ Không được cấp giấy chứng nhận chất lượng"
    printed = {n: entry(n, "1.2") for n in range(1, 27) if entry(n, "1.2")["texts"][:1] == [none]}
    # The same first option of 1.2 is printed without points in sets 4, 7, 10, 11 and with 0 everywhere else.
    assert {n for n, e in printed.items() if e["options"][0][0] is None} == {4, 7, 10, 11}
    assert {e["options"][0][0] for n, e in printed.items() if n not in (4, 7, 10, 11)} == {0}
    assert len(printed) > 8

    four_7 = entry(4, "7")
    assert four_7["max"] == 3 and four_7["options"][-1][0] == 13 > four_7["max"]
    assert [o[0] for o in entry(1, "7")["options"]] == [o[0] for o in entry(3, "7")["options"]] == [0, 1, 3]

    eleven = entry(11, "6.1.1")
    assert eleven["max"] == 2 and [o[0] for o in eleven["options"]] == [0, 11, 2]
    # Set 12 (also tea) prints the same criterion, word for word, as 6.1: 0 / 1 / 2 with the same **** marker.
    assert entry(12, "6.1")["options"] == [(0, None, 0), (1, None, 0), (2, 4, 0)]
    assert [o[0] for o in entry(13, "6.1.1")["options"]] == [0, 1, 2]
    lo11, hi11 = RANGES[10]
    lo12, hi12 = RANGES[11]
    middle = "□ Có rất ít tạp chất, chấp nhận được"
    assert middle in LINES[lo11:hi11] and middle in LINES[lo12:hi12]

    twenty_three = entry(23, "9")
    # 23, part C: 6 + 7 + 8 + 9 + 10 must be 35 and the highest option of 9 is 4: the maximum is 4, not 41.
    part_c = [e for e in SHEETS[23] if e["kind"] == "head" and "." not in e["number"] and int(e["number"]) >= 6]
    assert twenty_three["max"] == 41 and max(o[0] for o in twenty_three["options"]) == 4
    assert sum(e["max"] for e in part_c) - 41 + 4 == 35


@pytest.mark.parametrize("number", range(1, 27))
def test_the_printed_sheet_adds_up_apart_from_the_misprints(number):
    """The text by itself: parts 40/25/35 and options within each maximum (highest option = maximum)."""
    sheet = SHEETS[number]
    assert [(e["number"], e["max"]) for e in sheet if e["kind"] == "part"] == [("A", 40), ("B", 25), ("C", 35)]
    for e in sheet:
        if not e["options"] or (number, e["number"]) in KNOWN_MISPRINTS:
            continue
        for case in {o[2] for o in e["options"]}:
            assert max(o[0] for o in e["options"] if o[2] == case) == e["max"], (number, e["number"], case)


def test_set_26_offers_two_cases_in_criteria_8_9_and_15_with_maxima_3_2_3():
    by_number = {e["number"]: e for e in SHEETS[26]}
    cased = {n for n, e in by_number.items() if any(o[2] for o in e["options"])}
    assert cased == {"8", "9", "15"}
    for code, maximum in (("8", 3), ("9", 2), ("15", 3)):
        entry = by_number[code]
        assert entry["max"] == maximum
        for case in (1, 2):
            assert [o[0] for o in entry["options"] if o[2] == case] == [1, maximum]
    assert all(not any(o[2] for o in e["options"]) for n in range(1, 26) for e in SHEETS[n])


# --- knock-outs: ocop-domain.md §3.3, found in the text by phrase -----------------------------------------------

KNOCKOUT_PHRASES = {
    "dossier": r"^(hồ sơ )?bị loại khi",
    "imported_materials": r"bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu",
    "copied_product": r"bị loại nếu phát hiện giống hệt",
    "ip_infringement": r"vi phạm sở hữu trí tuệ,? sẽ bị loại",
    "common_key_product": r"không đánh giá những sản phẩm có tính phổ biến",
    "zero_sensory": r"0 điểm tại một trong các chỉ tiêu",
    "no_cosmetic_declaration": r"không đánh giá các bước tiếp theo nếu không có phiếu công bố",
    "contaminants": r"tạp chất.{0,200}(không đánh giá các bước tiếp|không xem xét các chỉ tiêu khác)"
    r"|(không đánh giá các bước tiếp|không xem xét các chỉ tiêu khác).{0,80}tạp chất",
}


def text_knockouts(number: int) -> set[str]:
    lo, hi = RANGES[number - 1]
    body = LINES[lo:hi]
    body = body[: next(i for i, ln in enumerate(body) if ln.strip().startswith("TỔNG CỘN"))]
    # A note is an unindented line and its indented continuation lines (sets 19–20 also break single letters).
    notes, cur = [], []
    for ln in body:
        if ln.strip() and not ln[0].isspace() and len(ln.strip()) > 1 and cur:
            notes.append(" ".join(cur))
            cur = []
        cur.append(ln.strip())
    notes.append(" ".join(cur))
    return {
        code
        for note in notes
        for code, rx in KNOCKOUT_PHRASES.items()
        if re.search(rx, note.lower().replace("  ", " "))
    }


# ocop-domain.md §3.3, set by set.
SECTION_3_3 = {
    n: {"dossier"}
    | ({"imported_materials"} if 7 <= n <= 15 or 18 <= n <= 20 else set())
    | ({"copied_product"} if 5 <= n <= 14 else set())
    | ({"ip_infringement"} if n in (21, 22) else set())
    | ({"common_key_product"} if n <= 4 else set())
    | ({"contaminants"} if n <= 13 or n in (15, 17) else set())
    | ({"zero_sensory"} if n == 16 else set())
    | ({"no_cosmetic_declaration"} if n in (19, 20) else set())
    for n in range(1, 26)
} | {26: set()}


@pytest.mark.parametrize("number", range(1, 27))
def test_the_knock_outs_of_the_text_are_those_of_section_3_3_and_of_the_data(number):
    assert text_knockouts(number) == SECTION_3_3[number]
    assert {k["code"] for k in CARDS[number]["knockouts"]} == SECTION_3_3[number]


@pytest.mark.parametrize("number", range(1, 26))
def test_every_sheet_names_its_dossier_knock_out_above_the_criteria(number):
    (dossier,) = [k for k in CARDS[number]["knockouts"] if k["code"] == "dossier"]
    assert dossier["criterion"] is None and dossier["stops_evaluation"]
    assert "Giả mạo hồ sơ" in dossier["text"]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("number", range(1, 27))
def test_every_word_of_the_data_is_printed_in_the_sheet(number):
    """Option texts in order, and every title, requirement, note and knock-out line, as printed (whitespace and
    line breaks aside; the markers are data, not text)."""
    card = CARDS[number]
    criteria = []
    texts = [k["text"] for k in card["knockouts"]]
    for part in card["parts"]:
        texts.append(part["title"])
        for group in part["groups"]:
            texts += [group["title"], *group["notes"].split("\n")]
            for sub in group.get("subgroups", []):
                texts += [sub["title"], *sub["notes"].split("\n")]
            below = group["criteria"] + [c for sub in group.get("subgroups", []) for c in sub["criteria"]]
            criteria += sorted(below, key=lambda c: [int(x) for x in c["number"].split(".")])
    for c in criteria:
        texts += [c["title"], c["requirement"], *c["notes"].split("\n")]
    lo, hi = RANGES[number - 1]
    printed = _squeeze("".join(LINES[lo:hi]))
    assert [t for t in texts if _squeeze(t) not in printed] == []

    ours = [_squeeze(o["text"]) for c in criteria if not c["is_yes_no"] for o in c["options"]]
    theirs = [_squeeze(re.sub(r"[*\s]+$", "", re.sub(r"^(□|o )", "", t))) for e in SHEETS[number] for t in e["texts"]]
    assert ours == theirs


@pytest.mark.parametrize("number", range(1, 27))
def test_the_conditional_story_structure_is_where_the_text_says_so(number):
    """ "Chỉ áp dụng khi có câu chuyện sản phẩm" is printed under 5.2 in sets 1–25 (not in 26): 5.2 needs 5.1."""
    lo, hi = RANGES[number - 1]
    printed = [e["number"] for e in SHEETS[number] if e["kind"] == "head"]
    under = set()
    for i in range(lo, hi):
        if LINES[i].startswith("Chỉ áp dụng khi có câu chuyện"):
            above = [
                ln.split(" ")[0].rstrip(".")
                for ln in LINES[lo:i]
                if ln[:1].isdigit() and HEADING.match(ln.strip()) and not INT.match(ln.strip())
            ]
            under.add(next(n for n in reversed(above) if n in printed))
    data = {
        c["number"]: c["applies_if"]
        for part in CARDS[number]["parts"]
        for g in part["groups"]
        for c in g["criteria"] + [c for s in g.get("subgroups", []) for c in s["criteria"]]
        if c["applies_if"]
    }
    assert under == ({"5.2"} if number <= 25 else set())
    assert data == dict.fromkeys(under, "5.1")
