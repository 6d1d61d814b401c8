"""Follow-up: overdue remedies and revocation limits in the officers' daily digest (the certificates digest, through
its hooks), the coverage panel (share of certified products inspected in 36 months, findings, outcomes) and the
optional public note of an open remedy."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import OfficerDigest
from certificates.services.expiry.delivery import officer_digest_deliver
from certificates.services.expiry.sweep import officer_digests_queue
from supervision import services
from supervision.choices import Outcome, Severity
from supervision.models import Remedy
from supervision.selectors import coverage

from .factories import advisory_inspector, certificate_for, inspector, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


def remedy_due(cast, days: int):
    inspection = recorded(cast, items=with_finding(Severity.MAJOR))
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="Thay nhãn.",
        remedy_due_on=timezone.localdate() + dt.timedelta(days=1),
    )
    Remedy.objects.filter(inspection=inspection).update(due_on=timezone.localdate() + dt.timedelta(days=days))
    return inspection


def deliver(day):
    officer_digests_queue(day=day)  # eager Celery delivers; deliver again to be sure of the rows' state
    for digest in OfficerDigest.objects.filter(day=day):
        officer_digest_deliver(digest_id=digest.pk)


def test_an_overdue_remedy_reaches_the_province_office_and_its_inspectors(cast, mailoutbox):
    inspection = remedy_due(cast, -2)
    mailoutbox.clear()
    deliver(timezone.localdate())
    got = {tuple(m.to): m for m in mailoutbox}
    assert (cast.province_officer.email,) in got and (inspection.inspectors.first().email,) in got
    assert (cast.outsider.email,) not in got
    body = got[(cast.province_officer.email,)].body
    assert "Quá hạn khắc phục" in body and inspection.product.name in body
    assert "việc cần theo dõi" in got[(cast.province_officer.email,)].subject
    assert cast.province_officer.notifications.filter(message__contains="Kiểm tra, giám sát").exists()


def test_the_digest_counts_every_overdue_line_when_it_sends_only_the_first(cast, mailoutbox, monkeypatch):
    """The title ("N việc quá hạn …", also the in-app notice) said how many lines the mail had room for (100)."""
    from supervision import selectors

    monkeypatch.setattr(selectors, "DIGEST_SECTION_LINES", 1)
    remedy_due(cast, -2)
    remedy_due(cast, -1)
    mailoutbox.clear()
    deliver(timezone.localdate())
    body = next(m for m in mailoutbox if m.to == [cast.province_officer.email]).body
    assert "Kiểm tra, giám sát: 2 việc quá hạn hoặc sắp đến hạn" in body
    assert body.count("Quá hạn khắc phục:") == 1 and "… và 1 việc khác." in body
    assert cast.province_officer.notifications.filter(message__contains="2 việc quá hạn").exists()


def test_a_remedy_not_yet_due_stays_out_of_the_digest(cast, mailoutbox):
    remedy_due(cast, 3)
    mailoutbox.clear()
    deliver(timezone.localdate())
    assert not mailoutbox


def test_a_revocation_limit_near_its_end_is_in_the_digest_until_the_certificate_is_revoked(cast, mailoutbox):
    certificate = certificate_for(cast)
    confirmed = timezone.localdate() - dt.timedelta(days=12)
    case = services.production_stop_confirm(
        certificate=certificate, by=cast.commune_officer, confirmed_on=confirmed, document_number="5/XN-UBND"
    )
    mailoutbox.clear()
    deliver(timezone.localdate())
    mail = next(m for m in mailoutbox if m.to == [cast.province_officer.email])
    assert (
        "Thời hạn thu hồi" in mail.body and certificate.number in mail.body and f"{case.due_on:%d/%m/%Y}" in mail.body
    )
    from certificates.tests.factories import revoke_with_four_eyes

    revoke_with_four_eyes(certificate=certificate, by=cast.province_officer)
    mailoutbox.clear()
    deliver(timezone.localdate() + dt.timedelta(days=1))
    assert not [m for m in mailoutbox if "thu hồi" in m.body.lower() and certificate.number in m.body]


def test_coverage_counts_products_inspected_in_36_months_findings_and_outcomes(cast):
    first = recorded(cast, items=with_finding(Severity.MINOR))
    services.inspection_conclude(inspection=first, by=first.inspectors.first(), outcome=Outcome.COMPLIANT)
    scheduled(cast, plan=first.plan)  # planned, not inspected yet
    certificate_for(cast, producer=cast.other_producer_org)  # another province
    got = coverage(user=cast.province_officer)
    assert (got["certified"], got["inspected"], got["share"]) == (2, 1, 50)
    assert {label: n for label, n, _url in got["outcomes"]}[Outcome.COMPLIANT.label] == 1
    mark = next(row for row in got["findings"] if "nhãn hiệu" in str(row["area"]))
    assert mark["total"] == 1
    national = coverage(user=cast.central_officer)
    assert national["certified"] == 3


def test_each_outcome_of_the_overview_opens_the_inspections_it_counts(cast, login):
    """The overview's conclusions (compliant, remedy required, grounds for revocation) each link to the inspection
    list narrowed to the concluded inspections of that outcome, which holds as many rows as the count says; one
    still open is in no count and no list."""
    compliant = recorded(cast, items=with_finding(Severity.MINOR))
    services.inspection_conclude(inspection=compliant, by=compliant.inspectors.first(), outcome=Outcome.COMPLIANT)
    recorded(cast, items=with_finding(Severity.MINOR))  # recorded, not concluded
    client = login(cast.province_officer)
    outcomes = client.get(reverse("supervision:overview")).context["cov"]["outcomes"]
    assert [n for _label, n, _url in outcomes] == [1 if value == Outcome.COMPLIANT else 0 for value in Outcome.values]
    for label, n, url in outcomes:
        assert client.get(url).context["page"].paginator.count == n, label
    assert (
        f'href="{outcomes[0][2].replace("&", "&amp;")}"' in client.get(reverse("supervision:overview")).content.decode()
    )


def test_coverage_counts_overdue_remedies_and_open_cases_in_the_scope(cast):
    remedy_due(cast, -1)  # overdue
    remedy_due(cast, 5)  # not yet due
    services.production_stop_confirm(
        certificate=certificate_for(cast),
        by=cast.commune_officer,
        confirmed_on=timezone.localdate() - dt.timedelta(days=3),
        document_number="7/XN-UBND",
    )
    got = coverage(user=cast.province_officer)
    assert (got["overdue_remedies"], got["open_cases"]) == (1, 1)
    outsider = coverage(user=cast.outsider)
    assert (outsider["overdue_remedies"], outsider["open_cases"]) == (0, 0)


def test_the_overview_page_runs_a_constant_number_of_queries(cast, login):
    client = login(cast.province_officer)
    url = reverse("supervision:overview")
    remedy_due(cast, -1)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(5):
        remedy_due(cast, -1)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    # each remedy's "hạn dd/mm/yyyy", unbreakable (supervision_tags.remedy_due)
    assert page.status_code == 200 and page.content.decode().count("hạn\N{NO-BREAK SPACE}") >= 6
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_dashboard_home_shows_the_coverage_panel_to_officers_only(cast, login):
    certificate_for(cast)
    assert b"supervision-coverage" in login(cast.province_officer).get(reverse("home")).content
    assert b"supervision-coverage" not in login(cast.producer_owner).get(reverse("home")).content


def test_the_public_page_shows_an_open_remedy_only_when_the_setting_says_so(cast, client, settings):
    inspection = remedy_due(cast, 10)
    url = reverse("certificates:certificate_verify", args=[inspection.certificate.verify_token])
    settings.OCOP_PUBLIC_OPEN_REMEDY = False
    assert b"verify-public-note" not in client.get(url).content
    settings.OCOP_PUBLIC_OPEN_REMEDY = True
    page = client.get(url).content.decode()
    assert "verify-public-note" in page and "đang khắc phục" in page
    Remedy.objects.update(status="accepted")
    assert b"verify-public-note" not in client.get(url).content


def test_a_closed_case_leaves_the_digest(cast, mailoutbox):
    certificate = certificate_for(cast)
    case = services.production_stop_confirm(
        certificate=certificate,
        by=cast.commune_officer,
        confirmed_on=timezone.localdate() - dt.timedelta(days=12),
        document_number="5/XN-UBND",
    )
    services.revocation_case_close(case=case, by=cast.province_officer, reason="UBND xã rút văn bản.")
    mailoutbox.clear()
    deliver(timezone.localdate())
    assert not [m for m in mailoutbox if certificate.number in m.body]


def test_the_home_page_tells_an_inspector_the_inspections_assigned_to_them_and_not_concluded(cast, login):
    """The advisory team's member sent to inspect (Điều 9.4a) reads no coverage, but does read what is theirs to do;
    an office's officer reads it in the coverage panel, at no extra query (issue 15's budget)."""
    member, officer = advisory_inspector(cast), inspector(cast)
    scheduled(cast, inspectors=[member, officer])
    scheduled(cast, inspectors=[officer])
    mine = f'href="{reverse("supervision:inspection_list")}?mine=1&amp;status=open"'
    for user, n in ((member, 1), (officer, 2)):
        html = login(user).get(reverse("home")).content.decode()
        line = html[html.index('data-testid="assigned-inspections"') :]
        assert line.split(">", 1)[1].lstrip().startswith(f"{n} ") and mine in line[:400], user
    assert 'data-testid="assigned-inspections"' not in login(cast.viewer).get(reverse("home")).content.decode()


def _inspection_ids(page) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/giam-sat/kiem-tra/(\d+)/"', page.content.decode())}


def test_the_overview_says_how_many_it_shows_and_its_numbers_open_the_rows_behind_them(cast, login, monkeypatch):
    """Each list of the overview shows the most urgent rows (50) and, beside them, how many there are, with the
    full list behind the number: the inspection list filtered to the same rows."""
    from supervision.views import inspections as views

    monkeypatch.setattr(views, "OVERVIEW_ROWS", 1)
    late = {remedy_due(cast, -1).pk, remedy_due(cast, -3).pk}
    remedy_due(cast, 5)  # not yet due
    client = login(cast.province_officer)
    page = client.get(reverse("supervision:overview"))
    body = page.content.decode()
    assert "Hiển thị 1 việc gần hạn nhất trong 2." in body
    link = re.search(r'data-testid="overdue-remedies-more">.*?<a href="([^"]+)"', body).group(1)
    assert link.endswith("?remedy=overdue") and "Xem danh sách (2)" in body
    assert _inspection_ids(client.get(link)) == late


def test_the_count_of_inspections_assigned_to_me_opens_those_only(cast, login):
    """ "N cuộc kiểm tra được giao cho bạn chưa kết luận" (home and overview) opened every inspection of the
    inspector, the concluded ones too."""
    concluded = remedy_due(cast, 5)
    me = concluded.inspectors.get()
    still_open = scheduled(cast, inspectors=[me])
    client = login(me)
    home = client.get(reverse("home")).content.decode()
    assert "1 cuộc kiểm tra được giao cho bạn chưa kết luận" in home
    link = re.search(r'data-testid="assigned-inspections">.*?<a href="([^"]+)"', home).group(1).replace("&amp;", "&")
    assert _inspection_ids(client.get(link)) == {still_open.pk}
    overview = client.get(reverse("supervision:overview")).content.decode()
    link = re.search(r'data-testid="my-inspections-more">.*?<a href="([^"]+)"', overview).group(1).replace("&amp;", "&")
    assert _inspection_ids(client.get(link)) == {still_open.pk}
