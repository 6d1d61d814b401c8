"""Which decisions and certificates bear a number: the one sequence of an issuer's decisions of a year (the
ocop.hooks.decision_numbers this app answers), an old certificate's number among its issuer's, the decision an old
certificate was recorded under, and the public lookup by number. A number is the same however a clerk or a buyer
typed it: "12/QD-UBND" is "12/QĐ-UBND" (ocop.text.decision_number_key); the database is asked for the numbers with
its digits (decision_number_q) and what it returns is compared by key."""

from collections import defaultdict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ocop.hooks import DecisionNumber
from ocop.selectors import NumberClash, issuer_key
from ocop.text import decision_number_key, decision_number_q, nfc, numbered

from ..choices import DecisionStatus, RevocationStatus
from ..models import Certificate, RecognitionDecision, Revocation
from .revocations import revocation_issuer


def certificate_number(*, unit_code: str, year: int, sequence: int) -> str:
    """The number this system gives a certificate: its issuer's code (the province's unit code, "TW" for the
    ministry), the year of its decision and its place among that issuer's certificates of the year, e.g.
    "19-2026-0001/GCN-OCOP" (services.decisions.allocate_certificate_number). A certificate recorded from before this
    system keeps the number printed on it, in whatever form its issuer used ("101/GCN-UBND")."""
    return f"{unit_code}-{year}-{sequence:04d}/GCN-OCOP"


def certificate_number_example() -> str | None:
    """A number as this system issues them, for a hint of the format: this year's first certificate of a province the
    site serves, the province of the latest certificate recorded (issued here or before this system; one query, by
    the primary key). None while no certificate is recorded: no province's code is made up (the hint then gives the
    rule without an example)."""
    latest = Certificate.objects.exclude(province=None).order_by("-pk").values_list("province__code", flat=True)
    code = latest.first()
    if not code:
        return None
    return certificate_number(unit_code=code, year=timezone.localdate().year, sequence=1)


def decision_numbers(number: str | None, year: int | None) -> list[DecisionNumber]:
    """ocop.hooks.decision_numbers: the recognition decisions (issued here or recorded from before this system) and
    the revocation decisions that may bear `number` in `year` (None: any). One revocation decision may revoke several
    certificates: its rows share the number and the date."""
    recognitions = RecognitionDecision.objects.filter(status=DecisionStatus.ISSUED)
    revocations = Revocation.objects.filter(status=RevocationStatus.ISSUED)
    if number is not None:
        recognitions = recognitions.filter(decision_number_q("number", number))
        revocations = revocations.filter(decision_number_q("decision_number", number))
    if year is not None:
        recognitions = recognitions.filter(date__year=year)
        revocations = revocations.filter(decision_date__year=year)
    return [
        DecisionNumber(
            issuer,
            ("recognition", pk),
            found,
            date=day,
            pk=pk,
            link=reverse("certificates:decision_detail", args=[pk]),
        )
        for pk, issuer, found, day in recognitions.values_list("pk", "issuer_name", "number", "date")
    ] + [
        DecisionNumber(
            revocation_issuer(r.certificate),
            ("revocation", r.decision_date),
            r.decision_number,
            date=r.decision_date,
            pk=r.pk,
            link=reverse("certificates:certificate_detail", args=[r.certificate_id]),
        )
        for r in revocations.select_related("certificate__province")
    ]


def historic_number_holder(*, issuer: str, number: str, year: int) -> Certificate | None:
    """The certificate of `issuer` (its name however written: ocop.selectors.issuer_key) that bears `number` (however
    typed) among those issued in `year`, or None: an old certificate's typed number must name one certificate of its
    issuer in its year, as the public verification page looks it up."""
    key = issuer_key(issuer)
    same = Certificate.objects.filter(decision_number_q("number", number), issued_on__year=year)
    return next(
        (c for c in numbered(same.select_related("decision"), number) if issuer_key(c.decision.issuer_name) == key),
        None,
    )


def historic_number_clashes() -> list[NumberClash]:
    """The certificates of one issuer that bear one number however typed among those issued in one year, one of them
    at least recorded from before this system: what historic_number_holder refuses since it compares keys ("5/gcn-ubnd"
    after "05/GCN-UBND") but that was recorded before. The public lookup by number then finds both. Nothing is merged:
    the office has the wrong one corrected. By issuer, year and number; each group's certificates oldest first."""
    groups = defaultdict(list)
    rows = Certificate.objects.values_list("pk", "number", "issued_on", "is_historic", "decision__issuer_name")
    for pk, number, issued_on, is_historic, issuer in rows.order_by("issued_on", "pk").iterator(chunk_size=5000):
        key = (issuer_key(issuer), issued_on.year, decision_number_key(number))
        if key[0] and key[2]:
            groups[key].append((pk, is_historic))
    clashing = {
        key: [pk for pk, _h in found] for key, found in groups.items() if len(found) > 1 and any(h for _p, h in found)
    }
    if not clashing:
        return []
    certificates = Certificate.objects.filter(pk__in=[pk for pks in clashing.values() for pk in pks])
    by_pk = certificates.select_related("decision", "product").in_bulk()
    return [
        NumberClash(by_pk[pks[0]].decision.issuer_name, year, number, [by_pk[pk] for pk in pks])
        for (_issuer, year, number), pks in sorted(clashing.items())
    ]


def historic_decision(*, issuer_name: str, number: str, year: int) -> RecognitionDecision | None:
    """The decision recorded under `number` (however typed) by the issuer named `issuer_name` in `year`, the first
    one recorded: the decision a second old certificate of it joins (certificate_record_historic)."""
    found = RecognitionDecision.objects.filter(
        decision_number_q("number", number), issuer_name=issuer_name, date__year=year, status=DecisionStatus.ISSUED
    )
    return next(iter(numbered(found.order_by("pk"), number)), None)


def numbered_certificates(certificates: QuerySet, number: str) -> list[Certificate]:
    """Those of `certificates` that bear `number`, however typed, in their order."""
    return numbered(certificates.filter(decision_number_q("number", number)), number)


VERIFY_BY_NUMBER_LIMIT = 10  # historic numbers are unique per issuer and year only: a few certificates may share one


def certificate_tokens_by_number(*, number: str) -> list[str]:
    """The verification tokens of the certificates printed with `number` (the latest first, at most
    VERIFY_BY_NUMBER_LIMIT), as a buyer types it: spaces, letter case, "D" for "Đ" and the dash do not matter
    ("101/gcn-tn " and "101 / GCN–TN" find "101/GCN-TN": decision_number_key). The public lookup by number (the portal's
    form, the API) reads only this, then each certificate's public view (certificate_public)."""
    number = nfc(number).replace("\x00", "").strip()
    if not decision_number_key(number):
        return []
    candidates = (
        Certificate.objects.filter(decision_number_q("number", number))
        .order_by("-issued_on", "-pk")
        .only("number", "verify_token")
    )
    return [c.verify_token for c in numbered(candidates, number)[:VERIFY_BY_NUMBER_LIMIT]]
