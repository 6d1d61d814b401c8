"""Parse the 26 scorecards of D26 Phụ lục II from the official HTML into the reviewed JSON data file.

Run once, review the diff, commit the JSON (the runtime loader reads only the JSON):

    python -m devtools.criteria_parser --out evaluation/data/criteria-26-2026.json

It reads the decision's official text kept in devtools/reference/ (README there): the HTML edition, stored
gzip-compressed, and the plain-text edition beside it; `--html` names another copy (.html or .html.gz).

The HTML keeps the table structure: every part, group, criterion, note and option is one two-cell row
(text | points), and each set starts at an anchor (`dieu_1_1` … `dieu_13_1`, then `dieu_14` … `dieu_26`).
Irregularities of the source are corrected in FIXES below, each with the reason, and every corrected
item carries a "_comment" in the JSON (the maintainers' note: never shown to users as part of the scorecard);
a probable misprint kept as printed carries a "misprint_note" instead, which council members read on the sheet. Nothing is guessed: a missing point value stops the parser unless
a FIX names it. After parsing, `validate()` checks max option = criterion max, criteria sum to groups,
groups to parts, parts = 40/25/35 and the star-marker counts of ocop-domain.md §3.2 (devtools/criteria_check.py).

The .txt edition is read too, as a cross-check: the points of every option, in order, must equal the HTML
parse except the hand fixes. Standard library only (html.parser), so it runs without Django.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from devtools.criteria_check import all_criteria, crosscheck_txt, validate

VERSION = {
    "legal_basis": "26/2026",
    "title": "Quyết định số 26/2026/QĐ-TTg ngày 22/05/2026 — Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP",
    "effective_from": "2026-05-22",  # D26 Điều 11.1
    "effective_to": None,
    "has_options": True,
    "source": "shared/reference/qd-26-2026-qd-ttg.html, Phụ lục II",
}

# The decision's two editions as published (devtools/reference/README.md): the tests read them from here too.
REFERENCE = Path(__file__).resolve().parent / "reference"
D26_HTML = REFERENCE / "qd-26-2026-qd-ttg.html.gz"
D26_TXT = REFERENCE / "qd-26-2026-qd-ttg.txt"


def read_reference(path: Path) -> str:
    """The text of a reference file, `.gz` ones decompressed."""
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


# Hand corrections of the source, keyed by (set, criterion number, option text prefix).
# Each one is documented in ocop-domain.md §3.7 "Source anomalies"; the comment goes into the JSON.
OPTION_POINT_FIXES = {
    # Set 4, group 7: "Có trên 2 chỉ tiêu" is printed 13 but the maximum is 3 (same option is 3 in sets 1 and 3).
    (4, "7", "Có trên 2 chỉ tiêu"): (3, "Nguồn in 13 điểm; tối đa của nhóm là 3 (như bộ 1, 3) — sửa tay thành 3."),
    # Set 11, 6.1.1 "Tạp chất" (max 2): the middle option is printed 11 in both .txt and .html — a doubled
    # digit. Options run 0 / ? / 2; set 12 (also tea) prints the same criterion word for word as 6.1, with
    # 0 / 1 / 2 and the same **** marker, and set 13's 6.1.1 has the same middle option at 1. Re-checked
    # against the .txt by evaluation/tests/test_criteria_against_text.py. NOT listed in ocop-domain.md §3.7.
    (11, "6.1.1", "Có rất ít tạp chất"): (
        1,
        "Nguồn in 11 điểm (tối đa tiêu chí là 2); phương án giữa của thang 0/…/2 — bộ 12 (mục 6.1, cùng lời văn)"
        " và bộ 13 (mục 6.1.1) in 1 — sửa tay thành 1.",
    ),
    # Sets 4, 7, 10, 11, 1.2: the lowest option has no points printed; it is the "none" option, 0 in every other set.
    **{
        (s, "1.2", "Không được cấp giấy chứng nhận chất lượng"): (
            0,
            "Nguồn không in điểm; phương án 'không được cấp' là 0 điểm như ở các bộ khác — sửa tay thành 0.",
        )
        for s in (4, 7, 10, 11)
    },
}
# Probable misprints kept as printed (the points are the law's until it is corrected), each with a note that the
# council member reads on the sheet ("misprint_note"). The hand corrections' "_comment"s above are not for them: they
# say how the data was made from the source, for maintainers (the export, the admin), and are never shown as if the
# decision said them.
MISPRINT_NOTES = {
    (7, "3.1"): "Nguồn in 1/1/3 điểm; các bộ cùng nhóm (6, 8) in 1/2/3 — có thể là lỗi in. Giữ nguyên như văn bản"
    " (công ty TNHH, doanh nghiệp tư nhân… được 1 điểm) cho tới khi có văn bản đính chính.",
    (23, "6.2"): "Nguồn in 1/1/3/5 điểm (hai phương án đầu cùng 1 điểm) — có thể là lỗi in của thang 0/1/3/5."
    " Giữ nguyên như văn bản cho tới khi có văn bản đính chính.",
    (19, "2.3"): "Nguồn in phương án 1 điểm của tiêu chí này trùng lời văn phương án 1 điểm của tiêu chí 3.5"
    " (đơn đăng ký nhãn hiệu) — có thể là lỗi in. Giữ nguyên như văn bản cho tới khi có văn bản đính chính.",
}
# Stops a score already states (Phụ lục II notes), as data on the knock-out: "zero_on" = 0 points on any of
# these criteria; "trigger_options" = this option chosen. Contaminants: where the anchored criterion prints the
# option "Có tạp chất" (sets 4–12, 15, 17); sets 1–3 and 13 print no such option (13's 0-point option says
# "chấp nhận được"), so there the council records the finding. Set 16: "0 điểm tại một trong các chỉ tiêu trên"
# covers the whole sensory group 6.1–6.4 (6.1 "Có tạp chất" is 0). Sets 19–20: no product declaration is 0 on
# group 6 (set 20 prints no 0-point option: "no option applies" scores 0).
CONTAMINANT_OPTION = "Có tạp chất"
# Set 23, criterion 9: the maximum cell reads "4 1" (a stray "1"); the maximum is 4.
MAX_FIXES = {(23, "9"): (4, "Nguồn ghi '4 1' ở cột thang điểm; số '1' thừa — dùng 4.")}
# Set 26 titles part A "(35 Điểm)" but its maximum cell says 40, which is correct (14 + 12 + 14).
PART_TITLE_FIXES = {(26, "A"): "Nguồn ghi '(35 Điểm)' trong tiêu đề phần A, ô thang điểm ghi 40 (đúng: 14+12+14)."}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _TableDump(HTMLParser):
    """Flatten the document into ("anchor", name) / ("p", text) / ("row", [cell texts]) in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, object]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._para: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("name") or "").startswith("dieu_"):
            self.items.append(("anchor", attrs["name"]))
        elif tag == "table":
            self._depth += 1
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("p", "br"):
            if self._cell is not None:
                self._cell.append("\n")
            elif tag == "p" and self._depth == 0:
                self._para = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_clean("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.items.append(("row", self._row))
            self._row = None
        elif tag == "table":
            self._depth -= 1
        elif tag == "p" and self._para is not None:
            self.items.append(("p", _clean("".join(self._para))))
            self._para = None

    def handle_data(self, data):
        # Source line breaks are just wrapping; only <p>/<br> inside a cell are real line breaks.
        data = re.sub(r"\s+", " ", data)
        if self._cell is not None:
            self._cell.append(data)
        elif self._para is not None:
            self._para.append(data)


def _clean(text: str) -> str:
    lines = [re.sub(r"[ \t\xa0]+", " ", ln).strip() for ln in nfc(text).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


SET_ANCHOR = re.compile(r"^dieu_(\d+)(?:_1)?$")
PART_RE = re.compile(r"^ph[ầa]n\s*([ABC])\b\s*:?\s*(.*)$", re.I | re.S)
NUM_RE = re.compile(r"^(\d+(?:\.\d+){0,2})\.?(?:\s+|$)(.*)$", re.S)
MARKER_RE = re.compile(r"\s*(\*{3,5})$")
CASE_RE = re.compile(r"^[ab]\.\s*Trường hợp\s*([12])\s*:?\s*(.*)$", re.I | re.S)
KNOCKOUT_HEADER_RE = re.compile(r"^(Hồ sơ bị loại khi|Bị loại khi)\s*:?", re.I)


def split_sets(items) -> dict[int, list]:
    """Items of each of the 26 sets, from its anchor to the next one (or Phụ lục III)."""
    sets: dict[int, list] = {}
    current = None
    started = False
    for kind, value in items:
        if kind == "anchor":
            if value == "dieu_1_1":
                started = True
            m = SET_ANCHOR.match(value)
            if started and m:
                current = int(m.group(1))
                sets[current] = []
                continue
        if kind == "p" and isinstance(value, str) and value.startswith("PHỤ LỤC III"):
            current = None
        if started and current is not None:
            sets[current].append((kind, value))
    return sets


def _points(cell: str) -> int | None:
    cell = _one_line(cell)
    return int(cell) if re.fullmatch(r"\d+", cell) else None


def _knockout_code(text: str) -> str:
    low = text.lower()
    if "nhập khẩu" in low:
        return "imported_materials"
    if "giống hệt" in low:
        return "copied_product"
    if "sở hữu trí tuệ" in low:
        return "ip_infringement"
    if "phổ biến" in low:
        return "common_key_product"
    if "0 điểm" in low:
        return "zero_sensory"
    if "phiếu công bố" in low or "công bố sản phẩm mỹ phẩm" in low:
        return "no_cosmetic_declaration"
    if "tạp chất" in low:
        return "contaminants"
    return "other"


def _is_knockout_note(text: str) -> bool:
    low = text.lower()
    return any(
        k in low
        for k in (
            "bị loại",
            "không đánh giá các bước tiếp theo",
            "không xem xét các chỉ tiêu khác",
            "không đánh giá những sản phẩm",
            "không đánh giá tiếp",
        )
    )


class SetParser:
    """Builds one scorecard dict from the items of one set."""

    def __init__(self, number: int, items: list):
        self.number = number
        self.items = items
        self.card = {
            "number": number,
            "title": "",
            "subtitle": "",
            "has_case_variants": False,
            "knockouts": [],
            "parts": [],
            "_comments": [],
        }
        self.part = None
        self.group = None  # top-level group
        self.subgroup = None  # "6.1" in sets 11/13
        self.criterion = None
        self.case = 0
        self.pending: list[str] = []  # option text waiting for its points row (never seen in the HTML)

    # --- header -----------------------------------------------------------------------------------
    def header(self):
        paras = [v for k, v in self.items if k == "p" and v]
        title = paras[0] if paras else ""
        title = _one_line(title)
        title = re.sub(r"^\d+\.\s*", "", title)
        title = re.sub(r"^Bộ sản phẩm\s*:\s*", "", title)
        if not title and len(paras) > 1:
            title = _one_line(paras[1])
        self.card["title"] = title
        for p in paras[1:4]:
            if p.startswith("(Sản phẩm"):
                self.card["subtitle"] = _one_line(p)
                break
        seen = set()
        for p in paras:
            line = _one_line(p)
            if KNOCKOUT_HEADER_RE.match(line) and line not in seen:
                seen.add(line)
                self.card["knockouts"].append(
                    {"code": "dossier", "text": line, "criterion": None, "stops_evaluation": True}
                )

    # --- body -------------------------------------------------------------------------------------
    def run(self) -> dict:
        self.header()
        for kind, value in self.items:
            if kind != "row":
                continue
            cells = [c for c in value]
            if not cells:
                continue
            text = cells[0]
            pts_cell = cells[1] if len(cells) > 1 else ""
            if text.startswith("Các tiêu chí") or text.startswith("TỔNG CỘNG"):
                if text.startswith("TỔNG CỘNG"):
                    self.card["total"] = _points(pts_cell)
                continue
            if not text and "Người đánh giá" in pts_cell:
                continue
            self.row(text, pts_cell)
        return self.card

    def row(self, text: str, pts_cell: str):
        line = _one_line(text)
        m = PART_RE.match(line)
        if m:
            letter = m.group(1).upper()
            title = re.sub(r"\(\s*\d+\s*Điểm\s*\)", "", m.group(2), flags=re.I).strip(" :")
            part = {"letter": letter, "title": title, "max_points": _points(pts_cell), "groups": []}
            if (self.number, letter) in PART_TITLE_FIXES:
                part["_comment"] = PART_TITLE_FIXES[(self.number, letter)]
            self.card["parts"].append(part)
            self.part, self.group, self.subgroup, self.criterion = part, None, None, None
            return
        if line.startswith(("□", "o ")):
            self.option(text, pts_cell)
            return
        m = NUM_RE.match(text.strip())
        if m and _points(pts_cell) is not None or (m and (self.number, m.group(1)) in MAX_FIXES):
            self.numbered(m.group(1), m.group(2), pts_cell)
            return
        self.note(text)

    def numbered(self, number: str, rest: str, pts_cell: str):
        depth = number.count(".")
        lines = [ln for ln in rest.split("\n") if ln.strip()]
        title_lines, extra = [], []
        for i, ln in enumerate(lines):
            starts_extra = i > 0 and ln.startswith(("(", "Yêu cầu", "Chất lượng"))
            (extra if (extra or starts_extra) else title_lines).append(ln)
        title = _one_line(" ".join(title_lines))
        if depth == 0:
            # Set 23, 7: "TÍNH ĐỘC ĐÁO Chất lượng (…): …" on one line — the explanation is a note, as elsewhere.
            parts = re.split(r"\s+(?=Chất lượng\s*[(:])", title, maxsplit=1)
            if len(parts) == 2 and parts[0].isupper():
                title, extra = parts[0], [parts[1], *extra]
        max_points = _points(pts_cell)
        comment = None
        if (self.number, number) in MAX_FIXES:
            max_points, comment = MAX_FIXES[(self.number, number)]
        if depth == 0:
            group = {
                "number": number,
                "title": title,
                "max_points": max_points,
                "notes": "",
                "subgroups": [],
                "criteria": [],
            }
            if comment:
                group["_comment"] = comment
            self.part["groups"].append(group)
            self.group, self.subgroup, self.criterion = group, None, None
            self.case = 0
            # A group may be scored directly; a criterion of the same number is created on its first option.
            self._extra_notes(group, extra)
            return
        if depth == 2 and self.subgroup is None:
            # "6.1.1" under a "6.1" that was first read as a criterion: turn that criterion into a subgroup.
            parent = self.group["criteria"].pop()
            sub = {
                "number": parent["number"],
                "title": parent["title"],
                "max_points": parent["max_points"],
                "notes": parent["notes"],
                "criteria": [],
            }
            self.group["subgroups"].append(sub)
            self.subgroup = sub
        if depth == 1:
            self.subgroup = None
        crit = self.new_criterion(number, title, max_points)
        if comment:
            crit["_comment"] = comment
        self._extra_notes(crit, extra)

    def new_criterion(self, number, title, max_points):
        crit = {
            "number": number,
            "title": title,
            "max_points": max_points,
            "requirement": "",
            "notes": "",
            "is_yes_no": False,
            "applies_if": None,
            "options": [],
        }
        (self.subgroup or self.group)["criteria"].append(crit)
        self.criterion = crit
        self.case = 0
        return crit

    def _extra_notes(self, target, lines):
        for ln in lines:
            ln = _one_line(ln)
            if ln.startswith("Yêu cầu") and "requirement" in target:
                target["requirement"] = _one_line(re.sub(r"^Yêu cầu\s*:\s*", "", ln))
            else:
                target["notes"] = (target["notes"] + "\n" + ln).strip()

    def note(self, text: str):
        line = _one_line(text)
        m = CASE_RE.match(line)
        target = self.criterion or self.group
        if m:
            self.case = int(m.group(1))
            self.card["has_case_variants"] = True
            self._append_note(target, line)
            return
        if line.startswith("Chỉ áp dụng khi có câu chuyện sản phẩm") and self.criterion is not None:
            self.criterion["applies_if"] = "5.1"
            self._append_note(self.criterion, line)
            return
        if line.startswith("Yêu cầu") and self.criterion is not None:
            self.criterion["requirement"] = _one_line(re.sub(r"^Yêu cầu\s*:\s*", "", line))
            return
        if self.criterion is None and self.group is not None and not self.group["criteria"]:
            self._append_note(self.group, line)
        else:
            self._append_note(target, line)
        if _is_knockout_note(line):
            crit_number = self.criterion["number"] if self.criterion else self.group["number"]
            self.card["knockouts"].append(
                {
                    "code": _knockout_code(line),
                    "text": line,
                    "criterion": crit_number,
                    "stops_evaluation": _knockout_code(line)
                    in ("contaminants", "zero_sensory", "no_cosmetic_declaration"),
                }
            )

    @staticmethod
    def _append_note(target, line):
        target["notes"] = (target.get("notes", "") + "\n" + line).strip()

    def option(self, text: str, pts_cell: str):
        # Sets 21–22, 6.2: a "Ghi chú" sits inside the option's cell, after the marker; it is a note.
        lines = text.strip().split("\n")
        cut = next((i for i, ln in enumerate(lines) if i and ln.startswith(("Ghi chú", "Chú ý"))), None)
        trailing_note = "\n".join(lines[cut:]) if cut is not None else None
        if cut is not None:
            text = "\n".join(lines[:cut])
        self._option(text, pts_cell)
        if trailing_note:
            self.note(trailing_note)

    def _option(self, text: str, pts_cell: str):
        body = _one_line(re.sub(r"^(□|o )\s*", "", text.strip()))
        # Collapse split markers ("* * * *", "***\n*") before matching.
        collapsed = re.sub(r"(?<=\*)\s+(?=\*)", "", body)
        marker = MARKER_RE.search(collapsed)
        min_star = len(marker.group(1)) if marker else None
        if marker:
            body = collapsed[: marker.start()].rstrip()
        if self.criterion is None or (self.subgroup is None and self.criterion not in self.group["criteria"]):
            # A group scored directly ("7. DINH DƯỠNG"): the group is its own single criterion.
            g = self.group
            case = self.case  # "a. Trường hợp 1" may precede the first option (set 26, 8/9/15)
            crit = self.new_criterion(g["number"], g["title"], g["max_points"])
            self.case = case
            crit["notes"], g["notes"] = g["notes"], ""
            if g.get("_comment"):
                crit["_comment"] = g["_comment"]
        crit = self.criterion
        points = _points(pts_cell)
        opt = {"text": body, "points": points, "min_star": min_star, "case_variant": self.case}
        fix = next(
            (
                v
                for (s, n, prefix), v in OPTION_POINT_FIXES.items()
                if s == self.number and n == crit["number"] and body.startswith(prefix)
            ),
            None,
        )
        if fix is not None:
            opt["points"], opt["_comment"] = fix
        if opt["points"] is None:
            raise ValueError(f"set {self.number}, {crit['number']}: option without points: {body[:80]!r}")
        crit["options"].append(opt)


def finish(card: dict) -> dict:
    """Post-processing that needs the whole set: yes/no criteria and the group-as-criterion shape."""
    for part in card["parts"]:
        for group in part["groups"]:
            for crit in all_criteria(group):
                if not crit["options"] and "song ngữ" in crit["title"]:
                    # "Ghi nhãn hàng hóa có sử dụng song ngữ" prints no options: a yes/no criterion.
                    crit["is_yes_no"] = True
                    crit["options"] = [
                        {"text": "Không", "points": 0, "min_star": None, "case_variant": 0},
                        {"text": "Có", "points": crit["max_points"], "min_star": None, "case_variant": 0},
                    ]
                    crit["_comment"] = "Nguồn không in phương án; mô hình hoá thành Không (0) / Có (tối đa)."
                if (card["number"], crit["number"]) in MISPRINT_NOTES:
                    crit["misprint_note"] = MISPRINT_NOTES[(card["number"], crit["number"])]
    _knockout_triggers(card)
    return card


def _knockout_triggers(card: dict) -> None:
    by_number = {}
    group_of = {}
    for part in card["parts"]:
        for group in part["groups"]:
            for crit in all_criteria(group):
                by_number[crit["number"]] = crit
                group_of[crit["number"]] = group
    for rule in card["knockouts"]:
        zero_on, options = [], []
        anchor = by_number.get(rule["criterion"]) if rule["criterion"] else None
        if rule["code"] == "contaminants" and anchor is not None:
            if any(o["text"] == CONTAMINANT_OPTION for o in anchor["options"]):
                options = [{"criterion": anchor["number"], "text": CONTAMINANT_OPTION}]
        elif rule["code"] == "zero_sensory" and anchor is not None:
            zero_on = [c["number"] for c in all_criteria(group_of[anchor["number"]])]
        elif rule["code"] == "no_cosmetic_declaration" and anchor is not None:
            zero_on = [anchor["number"]]
        rule["zero_on"] = zero_on
        rule["trigger_options"] = options


def parse_html(html: str) -> dict:
    dump = _TableDump()
    dump.feed(html)
    sets = split_sets(dump.items)
    if sorted(sets) != list(range(1, 27)):
        raise ValueError(f"expected sets 1..26, found {sorted(sets)}")
    cards = [finish(SetParser(n, sets[n]).run()) for n in range(1, 27)]
    data = dict(VERSION)
    data["scorecards"] = cards
    return data


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", default=str(D26_HTML))
    ap.add_argument("--txt", default=None, help="the .txt edition to cross-check points (default: next to --html)")
    ap.add_argument(
        "--out", default=str(Path(__file__).resolve().parents[1] / "evaluation" / "data" / "criteria-26-2026.json")
    )
    args = ap.parse_args(argv)
    html_path = Path(args.html)
    data = parse_html(read_reference(html_path))
    errors = validate(data)
    txt_path = Path(args.txt or Path(str(html_path).removesuffix(".gz")).with_suffix(".txt"))
    if txt_path.exists():
        fixed = {(s, n) for (s, n, _prefix) in OPTION_POINT_FIXES}
        for set_number, number, printed, ours in crosscheck_txt(data, read_reference(txt_path)):
            if (set_number, number) in fixed:
                print(f"hand fix: set {set_number} {number}: printed {printed}, data {ours}", file=sys.stderr)
            else:
                errors.append(f"set {set_number} {number}: .txt prints {printed}, parsed {ours}")
    for e in errors:
        print("INVALID:", e, file=sys.stderr)
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(data['scorecards'])} scorecards, {len(errors)} problems", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
