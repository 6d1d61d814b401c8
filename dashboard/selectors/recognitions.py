"""Products, not certificates: a product recognised twice in a period (a 4★ certificate, then a 5★ upgrade the same
year) is one product recognised in it, counted under the star of its last certificate of the period (issue 14's
report, the plans' progress, the lists behind their figures: certificates.selectors.recognitions, which the
certificate list's `last` filter applies too)."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from certificates.models import Certificate
from certificates.selectors.recognitions import last_in_period_q, later_in_period
from evaluation.models import EvaluationRound
from evaluation.selectors.dossier import upgrade_kept_q
from evaluation.workflow import AWAITING_DECISION

__all__ = [
    "NOT_RECOGNISED_Q",
    "awaiting_decision_q",
    "REACHED_Q",
    "last_in_period_q",
    "later_in_period",
    "product_rows",
    "with_certificate",
]


# ---------------------------------------------------------------------------------------------------------------
# Evaluated, reached, not recognised and recognised, each product once in its year and once in its round.
#
# Three records of evaluations that never overlap (this system's council results, the certificates recorded from
# before it, the past evaluations not recognised: dashboard.selectors.evaluated) and the certificates issued: a
# product evaluated twice in a year (a first evaluation, then an upgrade; two dossiers not recognised) is one product
# evaluated that year, and one product of its round. The statistics page counts every year and round so
# (tallies.py), the periodic report its period (a quarter, half-year or year: one year's rows), and the lists behind
# their figures (figure_sections, the certificate list's `last`) name each product once.

# A council result that reached 3★ or more, not eliminated (D26 Điều 7.3).
REACHED_Q = Q(final_star__gte=3, eliminated=False)
# A council result whose dossier was not recognised: no certificate came of it, and it no longer waits for its
# decision (with_certificate's annotations).
NOT_RECOGNISED_Q = Q(recognised=False, awaiting=False)
FLAGS = ("evaluated", "reached", "not_recognised", "recognised")


def awaiting_decision_q(path: str = "") -> Q:
    """A dossier that still waits for its decision (AWAITING_DECISION), but not a scored upgrade no decision may
    take (evaluation.selectors.dossier.upgrade_kept_q: not above the star held, Điều 7.5): that one waits for the
    office's "không đạt" only, and is not recognised as the council's "upgrade failed" is. `path`: where the
    registration is ("registration__" from a council result)."""
    return Q(**{f"{path}status__in": AWAITING_DECISION}) & ~upgrade_kept_q(path)


def with_certificate(results, *, everything: bool):
    """Council results annotated with whether their registration led to a certificate (`recognised`) and whether
    it still waits for its decision (`awaiting`: awaiting_decision_q); not recognised is neither (NOT_RECOGNISED_Q).
    Over the whole country a hashed `IN (SELECT registration_id …)` (one pass over the certificates); within a unit
    an `EXISTS` per result, through the index on the certificate's registration."""
    if everything:
        recognised_ids = Certificate.objects.filter(registration__isnull=False).values("registration_id")
        recognised = Case(
            When(registration_id__in=recognised_ids, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    else:
        recognised = Exists(Certificate.objects.filter(registration_id=OuterRef("registration_id")))
    awaiting = ExpressionWrapper(awaiting_decision_q("registration__"), output_field=BooleanField())
    return results.annotate(recognised=recognised, awaiting=awaiting)


def _flag(q: Q | bool) -> Case | Value:
    if isinstance(q, bool):
        return Value(int(q), output_field=IntegerField())
    return Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())


def product_rows(
    *, results, certificates, historic, everything: bool, province_paths: dict | None = None
) -> list[dict]:
    """The products of each year and of each round: {by: "year" | "round", year, round, past, issuer, title,
    round_year, evaluated, reached, not_recognised, recognised}, each a count of distinct products, in one query.

    - a year's rows: the council results decided in it, the certificates issued in it (a recorded one is also an
      evaluation that reached 3★), the past evaluations of it;
    - a round's (past=0): its council results and the certificates of its dossiers, whatever their year (round None:
      the dossiers of no round);
    - a past round's (past=1: a year's certificates recorded from before the system and past evaluations, by the
      organiser written on them, `issuer`).

    `province_paths` ({"results", "certificates", "historic"}: where each record's province is) adds `p` to every
    row and counts per province: rows that add up (a product is one province's), as tallies.py needs."""
    by_province = province_paths is not None

    def columns(name: str, **values) -> dict:
        where = {"_p": F(province_paths[name])} if by_province else {}
        return {**where, **values}

    text, number = CharField(), IntegerField()
    council = with_certificate(results, everything=everything).values(
        **columns(
            "results",
            _product=F("registration__product_id"),
            _yr=ExtractYear("decided_at"),
            _rnd=F("registration__round_id"),
            _past=_flag(False),
            _issuer=Value(None, output_field=text),
            _evaluated=_flag(True),
            _reached=_flag(REACHED_Q),
            _not_recognised=_flag(NOT_RECOGNISED_Q),
            _recognised=_flag(False),
        )
    )
    recorded = Q(registration__isnull=True)
    issued = certificates.values(
        **columns(
            "certificates",
            _product=F("product_id"),
            _yr=ExtractYear("issued_on"),
            _rnd=F("registration__round_id"),
            _past=_flag(recorded),
            _issuer=Case(When(recorded, then=F("decision__issuer_name")), output_field=text),
            _evaluated=_flag(recorded),
            _reached=_flag(recorded),
            _not_recognised=_flag(False),
            _recognised=_flag(True),
        )
    )
    past = historic.values(
        **columns(
            "historic",
            _product=F("product_id"),
            _yr=ExtractYear("evaluated_on"),
            _rnd=Value(None, output_field=number),
            _past=_flag(True),
            _issuer=F("issuer_name"),
            _evaluated=_flag(True),
            _reached=_flag(Q(star__gte=3)),
            _not_recognised=_flag(True),
            _recognised=_flag(False),
        )
    )
    union = issued.order_by().union(council.order_by(), past.order_by(), all=True)
    try:
        inner, params = union.query.sql_with_params()
    except EmptyResultSet:  # a scope that holds nothing
        return []
    p = "u._p, " if by_province else ""
    counts = ", ".join(f"COUNT(DISTINCT CASE WHEN u._{flag} = 1 THEN u._product END)" for flag in FLAGS)
    past_year = "CASE WHEN u._past = 1 THEN u._yr END"
    sql = f"""
        WITH u AS ({inner})
        SELECT {p}'year', u._yr, NULL, 0, NULL, NULL, NULL, {counts}
        FROM u GROUP BY {p}u._yr
        UNION ALL
        SELECT {p}'round', {past_year}, u._rnd, u._past, u._issuer, r.title, r.year, {counts}
        FROM u LEFT JOIN {EvaluationRound._meta.db_table} r ON r.id = u._rnd
        GROUP BY {p}u._past, u._rnd, {past_year}, u._issuer, r.title, r.year
    """
    names = [*(["p"] if by_province else []), "by", "year", "round", "past", "issuer", "title", "round_year", *FLAGS]
    with connections[results.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows = []
    for values in found:
        row = dict(zip(names, values, strict=True))
        for name in ("p", "year", "round", "past", "round_year", *FLAGS):
            if row.get(name) is not None:
                row[name] = int(row[name])  # EXTRACT answers numeric on PostgreSQL
        rows.append(row)
    return rows
