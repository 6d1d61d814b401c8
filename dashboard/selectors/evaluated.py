"""Evaluated against recognised, per year and per round, over three records that never overlap: this system's
council results (per registration), certificates recorded from before it (each one an evaluated and recognised
product) and past evaluations that were not recognised (HistoricEvaluation). Before this system a round is a
year's evaluations by one organiser (the issuer written on the old decisions and on the past evaluations, e.g.
'UBND huyện Na Rì').

Every figure counts products, each once in a year (round) however many dossiers, results or certificates it had in
it (recognitions.product_rows): a product recognised 4★ in March and upgraded to 5★ in September is one product
evaluated, reached and recognised that year.

- evaluated: the products evaluated in the year (round);
- reached: those that reached 3★ or more;
- recognised: per year, the products with a certificate issued that year (their last of it, on the certificate
  list's `last`); per round, those with a certificate of the round's dossiers;
- not recognised: the products evaluated in the year (round) that hold no certificate from that evaluation and
  no longer wait for their decision (a council result without a certificate whose dossier is not awaiting it,
  recognitions.awaiting_decision_q: a scored upgrade not above the star held awaits none; every past evaluation
  recorded as not recognised). A dossier scored 4★ whose decision is not
  issued yet, forwarded to the central council or sent back for a new provincial evaluation is evaluated, and
  neither recognised nor not recognised.

One query (tallies.py) feeds both tables, and `figure_sections` gives the lists behind each cell (the drill-down,
dashboard_figure_list), whose counts are the figures: each product in the first section that holds it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Max, OuterRef, Q
from django.utils.translation import gettext as _

from certificates.models import Certificate
from evaluation.models import CouncilResult, Registration
from ocop.cache import figures_version
from ocop.numbers import percent
from ocop.text import vietnamese_sort_key

from ..models import HistoricEvaluation
from .recognitions import REACHED_Q, awaiting_decision_q, last_in_period_q
from .statistics import (
    PIPELINE_STATUSES,
    cached_figures,
    certificate_list_url,
    dates_q,
    days_q,
    figure_list_url,
    historic_evaluations_in_scope,
    registrations_in_scope,
    scope_key,
    statistics_scope,
)

FIGURES = ("evaluated", "reached", "not_recognised", "recognised", "pipeline")
NO_ROUND = 0  # the `round` of the list behind registrations evaluated outside any round


def evaluated_figures(rows: dict, *, where: dict, years: list[dict]) -> tuple[list[dict], list[dict]]:
    """Per year and per round, from the tallies' products (recognitions.product_rows: each product once in its year
    and in its round), each figure with the list behind it, whose rows it counts. `years`: the certificates' table
    by year, whose years without an evaluation still get a row."""
    per_year: dict = {}
    rounds: dict = {}
    empty = dict.fromkeys(("evaluated", "reached", "not_recognised", "recognised"), 0)
    for row in rows["products"]:
        counts = {name: row[name] for name in empty}
        if row["by"] == "year":
            entry = per_year.setdefault(row["year"], dict(empty))
        elif row["past"]:  # a past round: the year's evaluations by one organiser
            key = ("past", row["year"], row["issuer"])
            link = {"year": row["year"], "issuer": row["issuer"] or ""}
            entry = rounds.setdefault(key, {"label": row["issuer"], "year": row["year"], "link": link, **empty})
        else:  # one of this system's rounds (None: the dossiers of no round)
            key = ("round", row["round"])
            link = {"round": row["round"] or NO_ROUND}
            entry = rounds.setdefault(key, {"label": row["title"], "year": row["round_year"], "link": link, **empty})
        for name, n in counts.items():  # the rows of one province after another's (national.py): they add up
            entry[name] += n
    for entry in rounds.values():
        entry["label"] = entry["label"] or "—"

    by_year = []
    for year in sorted(y for y in set(per_year) | {row["key"] for row in years} if y is not None):
        entry = per_year.get(year, empty)
        by_year.append(
            {
                "label": year,
                **entry,
                "share": percent(entry["recognised"], entry["evaluated"]),
                # The products recognised in the year: each one's last certificate of it (the list's `last`).
                "url": certificate_list_url(year=year, last="true", **where) if entry["recognised"] else "",
                "evaluated_url": figure_list_url(figure="evaluated", year=year, **where),
                "reached_url": figure_list_url(figure="reached", year=year, **where),
                "not_recognised_url": figure_list_url(figure="not_recognised", year=year, **where),
            }
        )
    by_round = sorted(rounds.values(), key=lambda r: (r["year"] or 0, vietnamese_sort_key(str(r["label"] or ""))))
    for row in by_round:
        row["share"] = percent(row["recognised"], row["evaluated"])
        link = row.pop("link")
        for figure in ("evaluated", "not_recognised", "recognised"):
            row[f"{figure}_url"] = figure_list_url(figure=figure, **link, **where)
    return by_year, by_round


def figure_sections(
    *,
    user,
    figure: str,
    province_id: int | None = None,
    commune_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    round_id: int | None = None,
    issuer: str | None = None,
    status: str | None = None,
) -> list[dict]:
    """The lists behind one cell of the dashboard: [{key, title, rows (a queryset)}], whose counts add up to the
    figure. A period (a year of the statistics page, a report's quarter, half-year or year, from `start` to `end`
    inclusive) picks council results decided in it, certificates issued in it and past evaluations of it; a round
    picks its registrations and certificates; a past round (year and issuer) its recorded certificates and past
    evaluations."""
    if figure == "pipeline":
        registrations = registrations_in_scope(user, province_id, commune_id)
        registrations = registrations.filter(status__in=[status] if status in PIPELINE_STATUSES else PIPELINE_STATUSES)
        return [{"key": "registrations", "title": _("Hồ sơ đăng ký"), "rows": _registration_rows(registrations)}]

    sections = []
    certificates = statistics_scope(user=user, province_id=province_id, commune_id=commune_id)
    past_round = issuer is not None and round_id is None
    # Each product once (the figure counts products: recognitions.product_rows), in the first section that holds
    # it: its last dossier of the figure, else its last certificate recorded from before the system, else its last
    # past evaluation; not a first evaluation and the upgrade that followed it in the same year twice.
    council = None if past_round else _dossier_of_figure_q(figure, start, end)
    if council is not None and figure in ("evaluated", "reached", "not_recognised"):
        if round_id is not None:
            council &= _in_round(None, round_id)
        later = Registration.objects.filter(council, product=OuterRef("product"), pk__gt=OuterRef("pk"))
        # No dossier newer than the last one a council scored has a result: the newest-first page starts there
        # instead of walking back through every dossier still under way (40,000 on the national data, 40 ms).
        last = CouncilResult.objects.aggregate(last=Max("registration_id"))["last"] or 0
        registrations = registrations_in_scope(user, province_id, commune_id).filter(council, pk__lte=last)
        registrations = registrations.exclude(Exists(later))
        sections.append(
            {
                "key": "council",
                "title": _("Hồ sơ được Hội đồng chấm điểm"),
                "rows": _registration_rows(registrations),
            }
        )
    if figure == "recognised" and round_id is not None:
        of_round = _in_round("registration", round_id) & Q(registration__isnull=False)
        sections.append(
            {
                "key": "certificates",
                "title": _("Giấy chứng nhận của đợt"),
                "rows": _certificate_rows(certificates.filter(of_round, last_in_period_q(None, None, among=of_round))),
            }
        )

    def listed_by_council():  # the products the council section holds, asked of a record's product
        return Exists(Registration.objects.filter(council, product=OuterRef("product")))

    recorded_q = Q(registration__isnull=True) & dates_q("issued_on", start, end)
    if past_round:
        recorded_q &= Q(decision__issuer_name=issuer)
    if round_id is None and figure in ("evaluated", "reached", "recognised"):
        recorded = certificates.filter(recorded_q, last_in_period_q(start, end, among=recorded_q))
        if council is not None and figure != "recognised":
            recorded = recorded.exclude(listed_by_council())
        sections.append(
            {
                "key": "recorded",
                "title": _("Giấy chứng nhận ghi nhận từ trước khi có hệ thống"),
                "rows": _certificate_rows(recorded),
            }
        )
    if round_id is None and figure in ("evaluated", "reached", "not_recognised"):
        past_q = dates_q("evaluated_on", start, end)
        if figure == "reached":
            past_q &= Q(star__gte=3)
        if past_round:
            past_q &= Q(issuer_name=issuer)
        later = HistoricEvaluation.objects.filter(past_q, product=OuterRef("product")).filter(
            Q(evaluated_on__gt=OuterRef("evaluated_on"))
            | Q(evaluated_on=OuterRef("evaluated_on"), pk__gt=OuterRef("pk"))
        )
        past = historic_evaluations_in_scope(user, province_id, commune_id).filter(past_q).exclude(Exists(later))
        if council is not None:
            past = past.exclude(listed_by_council())
        if figure != "not_recognised":  # a certificate recorded is an evaluation that reached 3★, listed above
            past = past.exclude(Exists(Certificate.objects.filter(recorded_q, product=OuterRef("product"))))
        sections.append(
            {
                "key": "historic",
                "title": _("Kết quả đánh giá cũ không được công nhận"),
                "rows": past.select_related("product__producer__commune", "unit").order_by("-evaluated_on", "pk"),
            }
        )
    return sections


def _dossier_of_figure_q(figure: str, start: dt.date | None, end: dt.date | None) -> Q:
    """A registration with a council result of `figure` decided from `start` to `end` (recognitions.product_rows
    counts their products): any result for "evaluated"; one at 3★ or more, not eliminated (REACHED_Q) for
    "reached"; for "not_recognised" one whose dossier led to no certificate and no longer waits for its decision
    (NOT_RECOGNISED_Q). Asked per row (EXISTS on the result's registration index): a page of the newest stops after
    its fifty rows, where `IN (SELECT … results in scope)` first built the province's whole set (24 ms a page)."""
    decided = CouncilResult.objects.filter(registration=OuterRef("pk")).filter(days_q("decided_at", start, end))
    if figure == "reached":
        decided = decided.filter(REACHED_Q)
    q = Q(Exists(decided))
    if figure == "not_recognised":
        q &= ~Q(Exists(Certificate.objects.filter(registration=OuterRef("pk")))) & ~awaiting_decision_q()
    return q


def _in_round(path: str | None, round_id: int) -> Q:
    """In round `round_id` (NO_ROUND: in none), of the registration at `path` (None: the registration itself)."""
    prefix = f"{path}__" if path else ""
    if round_id == NO_ROUND:
        return Q(**{f"{prefix}round__isnull": True})
    return Q(**{f"{prefix}round_id": round_id})


def _registration_rows(registrations):
    return registrations.select_related("product__producer", "commune", "round").order_by("-pk")


def _certificate_rows(certificates):
    return certificates.select_related("product__producer__commune", "decision").order_by("-issued_on", "pk")


def figure_section_count(section: dict, *, user, province_id, commune_id, filters: dict) -> int:
    """The number of rows of one section of a figure's list (figure_sections), cached with the dashboard's figures
    (the same version and day): a province's evaluated registrations took 12 ms to count on every page, the
    country's 43 ms (issue 15)."""
    params = [scope_key(user), province_id, commune_id, section["key"], sorted(filters.items())]
    return cached_figures(
        "figure-list-count",
        params,
        section["rows"].count,
        version=figures_version(user=user, province_id=province_id, commune_id=commune_id),
    )
