"""The periodic report of the OCOP programme (issue 14): a province's report to the ministry, or the ministry's
national summary, for a quarter, a half-year or a year. The same figures give the page, the Excel workbook (one
sheet per table, numbers as numbers) and the PDF laid out as an administrative report. Every figure is an
aggregate query over the records the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from certificates.choices import RevocationGround
from certificates.models.status import live_on_q, live_today_q
from ocop.choices import UnitLevel
from ocop.models import AdministrativeUnit
from ocop.numbers import percent
from ocop.pdf import render_pdf
from ocop.templatetags.documents import signer_lines
from ocop.text import file_slug, vietnamese_sort_key
from ocop.xlsx import Column, Export
from supervision.choices import InspectionKind, Outcome
from supervision.selectors import period_summary

from .choices import PERIODS
from .selectors.plans import plan_list, plan_progress
from .selectors.recognitions import FLAGS, last_in_period_q, product_rows
from .selectors.statistics import (
    STARS,
    UNIT_PATHS,
    cached_figures,
    certificate_list_url,
    council_results_in_scope,
    dates_q,
    days_q,
    figure_list_url,
    figures_version,
    historic_evaluations_in_scope,
    scope_key,
    statistics_scope,
    unit_breakdown_level,
    whole_country,
)

REPORT_ASYNC_ROWS = 1000  # a report listing more certificates than this is built by a background job
PROGRESS_EVERY = 500  # rows of the certificate list between two progress reports of a background build


def default_report_year(today: dt.date) -> int:
    """The year a report opens on: this one, but last year in January, when offices report on the year just ended
    and this year's report would still be empty."""
    return today.year - 1 if today.month == 1 else today.year


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    year: int

    @property
    def label(self) -> str:
        return f"{PERIODS[self.kind][0]} {self.year}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, PERIODS[self.kind][1], 1)

    @property
    def end(self) -> dt.date:
        last_month = PERIODS[self.kind][2]
        first_of_next = dt.date(self.year + (last_month == 12), last_month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)


def programme_report(
    *, user, period: ReportPeriod, province_id: int | None = None, historic_units: bool = False
) -> dict:
    """The report's figures: recognitions in the period by star and by unit and sector, evaluations in the period,
    live certificates at the time of the report, the certificates issued in the period and the plans' progress."""
    certificates = statistics_scope(user=user, province_id=province_id)
    in_period = certificates.filter(dates_q("issued_on", period.start, period.end))
    level = unit_breakdown_level(user=user, province_id=province_id)
    # The counts, cached like the dashboards' under the statistics version of the view's province (or the national
    # one) and the day: a change elsewhere keeps them, a change in the province recounts them.
    params = [scope_key(user), "report", period.kind, period.year, province_id, historic_units, get_language()]
    version = figures_version(user=user, province_id=province_id)
    figures = cached_figures(
        "report",
        params,
        lambda: _report_figures(user, certificates, in_period, level, period, province_id, historic_units),
        version=version,
    )
    recognised, live, evaluated, units, sectors, supervision = (
        figures[key] for key in ("recognised", "live", "evaluated", "units", "sectors", "supervision")
    )
    # Left lazy: the page shows only the counts; the Excel and PDF (and a background build) read the rows.
    # Each named by the units in force on its day (Producer.units_on): a certificate of before 01/07/2025 under its
    # former commune, district and province, a historic district's record read as one.
    issued = in_period.select_related(
        "decision", "product__producer__commune__parent", "product__producer__historic_commune__parent__parent"
    ).order_by("issued_on", "number")
    # Read when the body or a file is built (a cached body needs none of it).
    plans = SimpleLazyObject(
        lambda: [
            # What each plan achieved by the period's end: a quarter's report counts no certificate issued after it.
            {"plan": plan, "progress": plan_progress(plan, until=period.end), "until": period.end}
            for plan in plan_list(user=user).filter(period_start__lte=period.end, period_end__gte=period.start)
            if not province_id or plan.province_id == province_id
        ]
    )
    if level:  # each unit opens its certificates: one in force today, or a former district or province
        units = [_with_urls(row, period, province_id, "old_unit" if historic_units else level) for row in units]
    sectors = [_with_urls(row, period, province_id, "sector", by="code") for row in sectors]  # by the sector's code
    return {
        "period": period,
        "scope": _scope_label(user, province_id),
        "links": report_links(period, province_id=province_id),
        "national": _is_national(user, province_id),  # issued by the ministry, to the Prime Minister
        "office_id": report_office_id(user, province_id),  # whose report it is: who signs it (ReportSigner)
        "reports_to": _reports_to(user, province_id),
        "recognised": recognised,
        "live": live,
        "evaluated": evaluated,
        "unit_level": level,
        "historic_units": historic_units,
        "units": units,
        "sectors": sectors,
        "supervision": _supervision_tables(supervision),
        "issued": issued,
        "plans": plans,
        "generated_on": timezone.localdate(),
        "cache": (params, version),
    }


def report_links(period: ReportPeriod, *, province_id: int | None) -> dict:
    """Where each figure of the report opens the rows it counts, in the report's scope (its province when a national
    report is narrowed to one): the products recognised in the period (each one's last certificate of it, the
    certificate list's `last`: an upgraded product once, at its last star) and the certificates live, by star, on
    the certificate list; the products evaluated, reached and not recognised on the dashboard's list of a figure,
    which names each product once as the figures count it (dashboard.selectors.evaluated)."""
    days = {"start": period.start.isoformat(), "end": period.end.isoformat(), "province": province_id}
    stars = {"total": None} | {f"s{star}": star for star in STARS}
    return {
        "recognised": {key: _issued_url(period, province_id, star=star) for key, star in stars.items()},
        "live": {key: _live_url(period, province_id, star=star) for key, star in stars.items()},
        "evaluated": figure_list_url(figure="evaluated", **days),
        "reached": figure_list_url(figure="reached", **days),
        "not_recognised": figure_list_url(figure="not_recognised", **days),
    }


def _with_urls(row: dict, period: ReportPeriod, province_id: int | None, name: str, *, by: str = "pk") -> dict:
    """A unit's or a sector's row with the certificate lists of its total and of each star, narrowed by the
    certificate list's filter `name` to the row's `by` (a unit's id, with "old_unit" for one before 01/07/2025; a
    sector's code); none for a row without one (no commune, no sector), nor for one counted before the rows carried
    it (a cached count of an older version)."""
    if not row.get(by):
        return row
    where = {name: row[by]}
    stars = {f"s{star}_url": _issued_url(period, province_id, star=star, **where) for star in STARS}
    return {**row, "url": _issued_url(period, province_id, **where), **stars}


def _live_url(period: ReportPeriod, province_id: int | None, *, star: int | None) -> str:
    """The certificate list of those in force at the report's date (_live_at_report_q): live today, or for a past
    period those that were at its end."""
    if period.end >= timezone.localdate():
        return certificate_list_url(status="live", star=star, province=province_id)
    return certificate_list_url(live_on=period.end.isoformat(), star=star, province=province_id)


def _issued_url(period: ReportPeriod, province_id: int | None, **filters) -> str:
    """The certificate list of the products recognised in the period, narrowed to `filters` (a star, a unit): each
    product's last certificate of the period (`last`), as the figures count them (a 4★ then a 5★ upgrade is one
    5★), not every certificate issued in it."""
    where = {
        "issued_from": period.start.isoformat(),
        "issued_to": period.end.isoformat(),
        "last": "true",
        "province": province_id,
    }
    return certificate_list_url(**(where | filters))


def report_file(report: dict, *, output: str, signer: dict | None = None) -> bytes:
    """The report as an Excel workbook ("xlsx") or a PDF ("pdf", signed by `signer`: report_pdf), built once per
    version of its figures and day, under the same key as its counts (programme_report): everything in it (the
    counts, the certificates issued, the plans' progress) moves that version when it changes."""
    params, version = report["cache"]
    signer = {key: (signer or {}).get(key, "") for key in ("signer_title", "signer_name")} if output == "pdf" else {}
    build = (lambda: report_workbook(report)) if output == "xlsx" else (lambda: report_pdf(report, signer=signer))
    return cached_figures("report-file", [*params, output, *signer.values()], build, version=version)


def report_html(report: dict, render) -> str:
    """The report's body on the page, `render()`ed once per version of its figures and day (report_file)."""
    params, version = report["cache"]
    return cached_figures("report-html", params, render, version=version)


def _report_figures(user, certificates, in_period, level, period, province_id, historic_units) -> dict:
    """The report's counts (programme_report): the period's certificates counted once, grouped by unit, sector, star
    and whether they were recorded from before the system; every table of recognitions is summed from those rows."""
    star_counts = {f"s{star}": Count("pk", filter=Q(star=star)) for star in STARS}
    # Today's provinces or communes, or (historic_units) the provinces or districts in force before 01/07/2025.
    unit_key, unit_name = UNIT_PATHS[(level, historic_units)] if level else (None, None)
    # Products, each once at the star of its last certificate of the period (a 4★ then a 5★ upgrade is one 5★).
    rows = list(
        in_period.filter(last_in_period_q(period.start, period.end))
        .values(
            "star",
            sector_code=F("product__product_set__group__sector__code"),
            sector=F("product__product_set__group__sector__name"),
            recorded=Case(
                When(registration__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            **({"unit_pk": F(unit_key), "unit": F(unit_name)} if unit_name else {}),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    recognised = _by_star(rows)
    live = certificates.filter(_live_at_report_q(period)).aggregate(total=Count("pk"), **star_counts)
    evaluated = _evaluated_in_period(
        user=user, province_id=province_id, period=period, recognised=recognised["total"], in_period=in_period
    )
    units = _tables(rows, "unit", key="unit_pk") if unit_name else []
    # A sector told apart by its code, which its links filter by (the certificate list's `sector`).
    sectors = [{**row, "code": row["pk"]} for row in _tables(rows, "sector", key="sector_code")]
    supervision = period_summary(certificates=certificates, start=period.start, end=period.end)
    return {
        "recognised": recognised,
        "live": live,
        "evaluated": evaluated,
        "units": units,
        "sectors": sectors,
        "supervision": supervision,
    }


def _live_at_report_q(period: ReportPeriod) -> Q:
    """The certificates in force at the report's date: the period's end, or today for a period not over yet. Today by
    the status of the day (the list behind the figure filters so: a certificate past its last day is no longer,
    though the night's sweep has not yet stored it expired); a past period's end by what the certificates were then
    (live_on_q), not by what they are now: one issued since then was not, one revoked since then was."""
    today = timezone.localdate()
    if period.end >= today:
        return live_today_q(today=today)
    return live_on_q(period.end)


def _supervision_tables(counts: dict) -> dict:
    """The period's post-control (supervision.selectors.period_summary) as the report shows it: the inspections
    concluded with their kinds and outcomes, the certificates revoked by star, and one row for each ground of Điều
    8.1 in its order (a ground with none reads 0: the report says so rather than leaving it out). The labels stay
    lazy: the page reads them in the UI's language, the PDF in Vietnamese."""
    inspections, revoked = counts["inspections"], counts["revoked"]
    return {
        "inspections": inspections,
        "kinds": [(label, inspections[value]) for value, label in InspectionKind.choices],
        "outcomes": [(label, inspections[value]) for value, label in Outcome.choices],
        "revoked": _by_star(revoked),
        "grounds": [
            {"ground": value, "label": label, **_by_star([row for row in revoked if row["ground"] == value])}
            for value, label in RevocationGround.choices
        ],
    }


def _by_star(rows) -> dict:
    """{total, s3, s4, s5} of rows carrying a star and a count."""
    counts = {f"s{star}": 0 for star in STARS}
    for row in rows:
        if row["star"] in STARS:
            counts[f"s{row['star']}"] += row["n"]
    return {"total": sum(row["n"] for row in rows), **counts}


def _tables(rows, label: str, *, key: str | None = None) -> list[dict]:
    """One row per `key` value (`label` when none), named by `label`, the unnamed last: {pk, name, total, s3, s4,
    s5}. Units are told apart by their id: two communes of one name stay two rows."""
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key or label], []).append(row)
    tables = [{"pk": pk, "name": found[0][label], **_by_star(found)} for pk, found in grouped.items()]
    return sorted(tables, key=lambda row: (row["name"] is None, vietnamese_sort_key(str(row["name"] or ""))))


def _evaluated_in_period(*, user, province_id, period: ReportPeriod, recognised: int, in_period) -> dict:
    """Products evaluated in the period (this system's council results, certificates recorded from before it and
    past evaluations that were not recognised) against those recognised, each product once however many times it was
    evaluated (a first evaluation, then an upgrade the same year), as the statistics page counts a year
    (recognitions.product_rows; the lists behind the figures name the same products: figure_sections). A product
    not recognised is one evaluated in the period that holds no certificate from that evaluation and no longer waits
    for its decision (with_certificate): not the evaluated less the certificates issued in the period, which counted
    a product scored in December and recognised in January as not recognised in its year, nor one scored 4★ whose
    decision is not issued yet."""
    rows = product_rows(
        results=council_results_in_scope(user, province_id).filter(days_q("decided_at", period.start, period.end)),
        certificates=in_period,
        historic=historic_evaluations_in_scope(user, province_id).filter(
            dates_q("evaluated_on", period.start, period.end)
        ),
        everything=whole_country(user, province_id, None),
    )
    # A period (a quarter, a half-year, a year) lies within one year: its products are that year's row.
    counts = {name: sum(row[name] for row in rows if row["by"] == "year") for name in FLAGS}
    return {
        "evaluated": counts["evaluated"],
        "reached": counts["reached"],
        "not_recognised": counts["not_recognised"],
        "share": percent(recognised, counts["evaluated"]),
    }


def report_workbook(report: dict, progress=None) -> bytes:
    """The report as an Excel workbook: one sheet per table, Vietnamese headings, numbers as numbers."""
    title = _("Báo cáo kết quả thực hiện Chương trình OCOP – %(period)s – %(scope)s") % {
        "period": report["period"].label,
        "scope": report["scope"],
    }
    export = Export(title=title, subject=_("Báo cáo định kỳ Chương trình OCOP"))
    stars = [Column(f"{star} ★", 8) for star in STARS]
    summary = export.sheet(_("Tổng hợp"), [Column(_("Chỉ tiêu"), 48), Column(_("Tổng"), 10), *stars])
    rec, live = report["recognised"], report["live"]
    summary.append([_("Sản phẩm được công nhận trong kỳ"), rec["total"], *(rec[f"s{s}"] for s in STARS)])
    summary.append([_("Sản phẩm còn hiệu lực tại ngày báo cáo"), live["total"], *(live[f"s{s}"] for s in STARS)])
    summary.append([_("Sản phẩm được đánh giá trong kỳ"), report["evaluated"]["evaluated"], None, None, None])
    summary.append([_("Sản phẩm đạt từ 3 sao trong kỳ"), report["evaluated"]["reached"], None, None, None])
    summary.append(
        [_("Sản phẩm không được công nhận trong kỳ"), report["evaluated"]["not_recognised"], None, None, None]
    )
    summary.append([_("Tỷ lệ công nhận (%)"), report["evaluated"]["share"], None, None, None])
    if report["unit_level"]:
        heading = {
            ("province", False): _("Tỉnh, thành phố"),
            ("commune", False): _("Xã, phường"),
            ("province", True): _("Tỉnh (trước 01/07/2025)"),
            ("commune", True): _("Huyện (trước 01/07/2025)"),
        }[(report["unit_level"], report["historic_units"])]
        sheet = export.sheet(_("Theo đơn vị"), [Column(heading, 36), Column(_("Tổng"), 10), *stars])
        for row in report["units"]:
            sheet.append([row["name"] or "—", row["total"], *(row[f"s{s}"] for s in STARS)])
    sheet = export.sheet(_("Theo ngành"), [Column(_("Ngành"), 36), Column(_("Tổng"), 10), *stars])
    for row in report["sectors"]:
        sheet.append([row["name"] or "—", row["total"], *(row[f"s{s}"] for s in STARS)])
    supervision = report["supervision"]
    sheet = export.sheet(_("Giám sát, thu hồi"), [Column(_("Chỉ tiêu"), 60, wrap=True), Column(_("Tổng"), 10), *stars])
    sheet.append([_("Cuộc kiểm tra đã kết luận trong kỳ"), supervision["inspections"]["total"], None, None, None])
    for label, count in [*supervision["kinds"], *supervision["outcomes"]]:
        sheet.append([f"– {label}", count, None, None, None])
    revoked = supervision["revoked"]
    sheet.append([_("Giấy chứng nhận bị thu hồi trong kỳ"), revoked["total"], *(revoked[f"s{s}"] for s in STARS)])
    for row in supervision["grounds"]:
        sheet.append([str(row["label"]), row["total"], *(row[f"s{s}"] for s in STARS)])
    sheet = export.sheet(
        _("Danh sách công nhận"),
        [
            Column(_("Số giấy chứng nhận"), 26),
            Column(_("Sản phẩm"), 36, wrap=True),
            Column(_("Chủ thể"), 32, wrap=True),
            Column(_("Xã, phường"), 22),
            Column(_("Huyện (trước 01/07/2025)"), 22),
            Column(_("Tỉnh, thành phố"), 18),
            Column(_("Hạng sao"), 9),
            Column(_("Ngày cấp"), 12),
            Column(_("Quyết định"), 20),
        ],
    )
    for done, c in enumerate(report["issued"], start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
        commune, district, province = c.product.producer.units_on(c.issued_on)
        sheet.append(
            [
                c.number,
                c.product_name,
                c.producer_name,
                commune.name if commune else "",
                district.name if district else "",
                province.name if province else "",
                c.star,
                c.issued_on,
                c.decision.number,
            ]
        )
    sheet = export.sheet(
        pgettext("document", "Kế hoạch"),
        [
            Column(pgettext("document", "Kế hoạch"), 24),
            Column(_("Đơn vị"), 28),
            Column(_("Chỉ tiêu"), 44, wrap=True),
            Column(_("Kế hoạch"), 10),
            Column(_("Đạt"), 10),
            Column(_("Tỷ lệ (%)"), 10),
        ],
    )
    for entry in report["plans"]:
        for row in entry["progress"]:
            sheet.append(
                [
                    entry["plan"].number,
                    str(entry["plan"].unit),
                    row["target"].label,
                    row["target"].quantity,
                    row["achieved"],
                    row["share"],
                ]
            )
    return export.to_bytes()


# The PDF is the report as signed and filed: its tables, and the list of the products recognised in the period when
# that list fits a few pages. A country's year (~6,000 certificates) would be 150 pages that WeasyPrint lays out in
# minutes; above this many rows the PDF names the count and the list stays in the report's Excel workbook.
PDF_LIST_LIMIT = 400


def report_pdf(report: dict, *, signer: dict | None = None) -> bytes:
    """The report as signed and filed. It is signed for the authority that sends it (Nghị định 30/2020, Phụ lục I:
    "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH", then the name), as the recognition decision is
    (ocop.templatetags.documents.signer_lines): `signer`'s signer_title and signer_name, or the capacity of the issuing
    level (report_signer_title) over a blank for the name. Whoever prepared it stays out of the signature."""
    signer = signer or {}
    issued_count = report["issued"].count()
    listed = None
    if issued_count <= PDF_LIST_LIMIT:  # each with the units in force on its day (Producer.units_on)
        listed = [
            (c, ", ".join(u.name for u in c.product.producer.units_on(c.issued_on) if u is not None))
            for c in report["issued"]
        ]
    context = {
        "report": report,
        "stars": STARS,
        "issued_count": issued_count,
        "listed": listed,
        "signer_lines": signer_lines(signer.get("signer_title") or report_signer_title(report)),
        "signer_name": signer.get("signer_name", ""),
    }
    return render_pdf("dashboard/pdf/report.html", context)


def report_signer_title(report: dict) -> str:
    """Who signs a report for its authority when the officer names nobody else: the People's Committee's chair for a
    commune's or a province's report (its heading: "Ủy ban nhân dân …", "…/BC-UBND"), the minister for the national
    one. Written as the form's one line takes it (signer_lines breaks it)."""
    return "BỘ TRƯỞNG" if report["national"] else "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"


def report_scope_name(user, province_id) -> str:
    """Whose report it is, as its file name says: the unit's name, or "Toàn quốc" in the reader's language."""
    return str(_scope_label(user, province_id))


def report_office_id(user, province_id) -> int | None:
    """The office whose report it is, as its signer is remembered (ReportSigner): the province the report is narrowed
    to, else the officer's own province or commune; None for the national report (the ministry's)."""
    if _is_national(user, province_id):
        return None
    return province_id or user.unit_id


def _scope_label(user, province_id) -> str:
    """The unit's name, or "Toàn quốc" left lazy: the page shows it in the UI's language, the PDF in Vietnamese."""
    if _is_national(user, province_id):
        return gettext_lazy("Toàn quốc")
    if province_id:
        return str(AdministrativeUnit.objects.get(pk=province_id).name)
    return str(user.unit.name) if user.unit_id else ""


def _reports_to(user, province_id) -> str:
    """Whom a commune's report goes to: its province's People's Committee, as everything the commune sends (D26 Điều
    7.2b); empty for a province's (to the ministry) or the ministry's (to the Prime Minister), which the PDF names.
    Vietnamese, as the PDF is."""
    if province_id or user.is_national or not user.unit_id or user.unit.level != UnitLevel.COMMUNE:
        return ""
    province = user.unit.parent
    return f"Ủy ban nhân dân {province.name_in_text}" if province is not None else ""


def _is_national(user, province_id) -> bool:
    return not province_id and user.is_national


# The period as its file name says it, in the reader's words ("ca-nam", not the code "year").
REPORT_PERIOD_SLUGS = {
    "year": "ca-nam",
    "h1": "6-thang-dau-nam",
    "h2": "6-thang-cuoi-nam",
    "q1": "quy-1",
    "q2": "quy-2",
    "q3": "quy-3",
    "q4": "quy-4",
}


def report_file_name(*, kind: str, year: int, output: str, scope: str = "") -> str:
    """ "bao-cao-ocop-tinh-thai-nguyen-ca-nam-2026.pdf": whose report, which period, without accents, so that the
    reports of several provinces or periods downloaded side by side keep apart."""
    place = file_slug(scope)
    parts = ["bao-cao-ocop", place, REPORT_PERIOD_SLUGS.get(kind, kind), str(year)]
    return "-".join(part for part in parts if part) + f".{output}"
