"""Evaluated against recognised, per year and per round, over three records that never overlap: this system's
council results (per registration), certificates recorded from before it (each one an evaluated and recognised
product) and past evaluations that were not recognised (HistoricEvaluation). Before this system a round is a
year's evaluations by one organiser (the issuer written on the old decisions and on the past evaluations, e.g.
'UBND huyện Na Rì').

- evaluated: the products evaluated in the year (round);
- reached: those that reached 3★ or more;
- recognised: per year, every certificate issued that year; per round, the round's certificates;
- not recognised: the products evaluated in the year (round) that hold no certificate from that evaluation and
  no longer wait for their decision (a council result without a certificate whose dossier is not in
  AWAITING_DECISION, every past evaluation recorded as not recognised). A dossier scored 4★ whose decision is not
  issued yet, forwarded to the central council or sent back for a new provincial evaluation is evaluated, and
  neither recognised nor not recognised.

Three GROUP BY queries (tallies.py) feed both tables, and `figure_sections` gives the lists behind each cell (the
drill-down, dashboard_figure_list), whose counts are the figures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Max, OuterRef, Q
from django.utils.translation import gettext as _

from certificates.models import Certificate
from evaluation.models import CouncilResult, Registration
from evaluation.workflow import AWAITING_DECISION
from ocop.cache import figures_version
from ocop.numbers import percent
from ocop.text import vietnamese_sort_key

from .statistics import (
    PIPELINE_STATUSES,
    cached_figures,
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
    """Per year and per round, from the tallies' council results, certificates (recorded from before the system
    or issued after a round) and past evaluations (tallies.py)."""
    per_year: dict = {}
    rounds: dict = {}

    def year_entry(year):
        return per_year.setdefault(year, {"evaluated": 0, "reached": 0, "not_recognised": 0})

    def round_entry(key, label, year, link):
        return rounds.setdefault(
            key,
            {"label": label, "year": year, "evaluated": 0, "reached": 0, "recognised": 0, "not_recognised": 0}
            | {"link": link},
        )

    for row in rows["results"]:
        # A dossier counts in each year it was scored in, and once in its round (in the year of its first result).
        year = year_entry(row["year"])
        year["evaluated"] += row["evaluated"]
        year["reached"] += row["reached"]
        settled = not (row["recognised"] or row["awaiting"])  # a dossier waiting for its decision is neither
        year["not_recognised"] += row["evaluated"] if settled else 0
        in_round = round_entry(
            ("round", row["round"]), row["title"], row["round_year"], {"round": row["round"] or NO_ROUND}
        )
        in_round["evaluated"] += row["round_evaluated"]
        in_round["reached"] += row["round_reached"]
        in_round["not_recognised"] += row["round_evaluated"] if settled else 0

    for row in rows["recorded"]:
        if row["recorded"]:
            entry = year_entry(row["year"])
            entry["evaluated"] += row["n"]
            entry["reached"] += row["n"]
            past = round_entry(
                ("past", row["year"], row["issuer"]),
                row["issuer"],
                row["year"],
                {"year": row["year"], "issuer": row["issuer"] or ""},
            )
            past["evaluated"] += row["n"]
            past["reached"] += row["n"]
            past["recognised"] += row["n"]
        else:
            # A round's title and year come with its council results (a certificate follows one).
            round_entry(
                ("round", row["registration__round"]),
                None,
                row["year"],
                {"round": row["registration__round"] or NO_ROUND},
            )["recognised"] += row["n"]

    for row in rows["historic"]:
        link = {"year": row["year"], "issuer": row["issuer_name"]}
        past = round_entry(("past", row["year"], row["issuer_name"]), row["issuer_name"], row["year"], link)
        for entry in (year_entry(row["year"]), past):
            entry["evaluated"] += row["n"]
            entry["reached"] += row["reached"]
            entry["not_recognised"] += row["n"]
    for entry in rounds.values():
        entry["label"] = entry["label"] or "—"

    recognised = {row["key"]: row for row in years}
    by_year = []
    for year in sorted(y for y in set(per_year) | set(recognised) if y is not None):
        entry = per_year.get(year, {"evaluated": 0, "reached": 0, "not_recognised": 0})
        count = recognised[year]["count"] if year in recognised else 0
        by_year.append(
            {
                "label": year,
                **entry,
                "recognised": count,
                "share": percent(count, entry["evaluated"]),
                "url": recognised[year]["url"] if year in recognised else "",
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
    if not past_round:
        if figure in ("evaluated", "reached", "not_recognised"):
            # The view's own registrations (the results in scope are theirs) with a council result of the figure,
            # asked per row (EXISTS on the result's registration index): a page of the newest stops after its fifty
            # rows, where `IN (SELECT … results in scope)` first built the province's whole set (24 ms a page).
            def decided_of(registration: str):
                decided = CouncilResult.objects.filter(registration=OuterRef(registration))
                decided = decided.filter(days_q("decided_at", start, end))
                if figure == "reached":  # one of its results in the period at 3★ or more, not eliminated (tallies.py)
                    decided = decided.filter(final_star__gte=3, eliminated=False)
                return decided

            decided = decided_of("pk")
            # Each product once (the figure counts products): its last dossier with a result of the figure, not a
            # first evaluation and the upgrade that followed it in the same year.
            later = Registration.objects.filter(product=OuterRef("product"), pk__gt=OuterRef("pk"))
            later = later.filter(Exists(decided_of("pk")))
            if round_id is not None:
                later = later.filter(_in_round(None, round_id))
            # No dossier newer than the last one a council scored has a result: the newest-first page starts there
            # instead of walking back through every dossier still under way (40,000 on the national data, 40 ms).
            last = CouncilResult.objects.aggregate(last=Max("registration_id"))["last"] or 0
            registrations = registrations_in_scope(user, province_id, commune_id).filter(Exists(decided), pk__lte=last)
            if figure != "not_recognised":
                registrations = registrations.exclude(Exists(later))
            if round_id is not None:
                registrations = registrations.filter(_in_round(None, round_id))
            if figure == "not_recognised":  # no certificate came of it, and it no longer waits for its decision
                registrations = registrations.exclude(
                    Exists(Certificate.objects.filter(registration=OuterRef("pk")))
                ).exclude(status__in=AWAITING_DECISION)
            sections.append(
                {
                    "key": "council",
                    "title": _("Hồ sơ được Hội đồng chấm điểm"),
                    "rows": _registration_rows(registrations),
                }
            )
        if figure == "recognised" and round_id is not None:
            sections.append(
                {
                    "key": "certificates",
                    "title": _("Giấy chứng nhận của đợt"),
                    "rows": _certificate_rows(
                        certificates.filter(_in_round("registration", round_id), registration__isnull=False)
                    ),
                }
            )
    if round_id is None and figure in ("evaluated", "reached", "recognised"):
        recorded = certificates.filter(registration__isnull=True)
        recorded = recorded.filter(dates_q("issued_on", start, end))
        if past_round:
            recorded = recorded.filter(decision__issuer_name=issuer)
        sections.append(
            {
                "key": "recorded",
                "title": _("Giấy chứng nhận ghi nhận từ trước khi có hệ thống"),
                "rows": _certificate_rows(recorded),
            }
        )
    if round_id is None and figure in ("evaluated", "reached", "not_recognised"):
        past = historic_evaluations_in_scope(user, province_id, commune_id)
        past = past.filter(dates_q("evaluated_on", start, end))
        if figure == "reached":
            past = past.filter(star__gte=3)
        if past_round:
            past = past.filter(issuer_name=issuer)
        sections.append(
            {
                "key": "historic",
                "title": _("Kết quả đánh giá cũ không được công nhận"),
                "rows": past.select_related("product__producer__commune", "unit").order_by("-evaluated_on", "pk"),
            }
        )
    return sections


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
