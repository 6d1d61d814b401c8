import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.choices import DecisionStatus, IssuerLevel
from certificates.models import RecognitionDecision
from certificates.services.decisions import decision_check, decision_create
from certificates.tests.factories import checker_for, issued_decision, result_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast):
    return decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25 Sóc Trăng")],
    )


def test_the_province_officer_drafts_from_council_results(login, cast):
    r1 = result_for(cast.producer, star=3)
    result_for(cast.producer, star=4)
    client = login(cast.province_officer)
    page = client.get(reverse("certificates:decision_create"))
    assert page.status_code == 200 and len(page.context["form"].fields["results"].queryset) == 2
    response = client.post(
        reverse("certificates:decision_create"),
        {"results": [r1.pk], "signer_name": "Nguyễn Văn Ký", "signer_title": "CHỦ TỊCH"},
    )
    decision = RecognitionDecision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "certificates:decision_detail", args=[decision.pk]
    )
    assert decision.status == DecisionStatus.DRAFT and decision.entries.get().result == r1


def test_each_result_to_choose_reads_in_the_pages_language(login, cast):
    result_for(cast.producer, star=4, name="Miến dong Tài Hoan")
    client = login(cast.province_officer)
    page = client.get(reverse("certificates:decision_create")).content.decode()
    assert "Miến dong Tài Hoan — HTX Tài Hoan — 4 sao, 75,50 điểm" in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("certificates:decision_create")).content.decode()
    assert "Miến dong Tài Hoan — HTX Tài Hoan — 4 stars, 75.50 points" in page


def test_drafting_with_no_result_shows_the_error_in_the_form(login, cast):
    result_for(cast.producer)
    response = login(cast.province_officer).post(reverse("certificates:decision_create"), {"signer_name": "X"})
    assert response.status_code == 200 and response.context["form"].errors["results"]
    assert not RecognitionDecision.objects.exists()


def test_drafting_with_nothing_to_recognise_says_why_instead_of_an_empty_form(login, cast):
    page = login(cast.province_officer).get(reverse("certificates:decision_create")).content.decode()
    assert 'data-testid="no-eligible-results"' in page and "Tạo dự thảo" not in page
    assert "tiềm năng 5 sao" in page


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer", "viewer", "advisory_member"])
def test_other_roles_cannot_draft(login, cast, role):
    assert login(getattr(cast, role)).get(reverse("certificates:decision_create")).status_code == 403


def test_check_then_issue_through_the_views(login, cast, draft, django_capture_on_commit_callbacks):
    client = login(checker_for(cast.province_officer))  # four eyes: not the drafter
    assert client.post(reverse("certificates:decision_check", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.CHECKED
    today = timezone.localdate().strftime("%d/%m/%Y")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:decision_issue", args=[draft.pk]),
            {"number": "1427/QĐ-UBND", "date": today, "confirmed": "1"},
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.ISSUED and draft.certificates.get().pdf_sha256


def test_issuing_with_a_bad_date_keeps_what_was_typed(login, cast, draft):
    decision_check(decision=draft, by=checker_for(cast.province_officer))
    response = login(cast.province_officer).post(
        reverse("certificates:decision_issue", args=[draft.pk]), {"number": "1427/QĐ-UBND", "date": "31/02/2026"}
    )
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert 'value="1427/QĐ-UBND"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.CHECKED


@pytest.mark.parametrize("number", ["abc", "1427 QĐ-UBND", "QĐ-UBND/1427"])
def test_issuing_with_a_malformed_number_is_refused_next_to_the_field(login, cast, draft, number):
    decision_check(decision=draft, by=checker_for(cast.province_officer))
    response = login(cast.province_officer).post(
        reverse("certificates:decision_issue", args=[draft.pk]), {"number": number, "date": "31/02/2026"}
    )
    form = response.context["form"]
    assert response.status_code == 200 and form.errors["date"]
    assert form.errors["number"] == ["Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."]
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.CHECKED and not draft.number


def test_the_issue_service_refuses_a_malformed_number(cast, draft):
    from django.core.exceptions import ValidationError

    from certificates.services.decisions import decision_issue

    decision_check(decision=draft, by=checker_for(cast.province_officer))
    with pytest.raises(ValidationError) as exc:
        decision_issue(decision=draft, number="abc", date=timezone.localdate(), by=checker_for(cast.province_officer))
    assert "number" in exc.value.message_dict
    decision_issue(
        decision=draft, number="26/2026/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
    )


def test_the_viewer_may_see_but_not_check(login, cast, draft):
    client = login(cast.viewer)
    assert client.get(reverse("certificates:decision_detail", args=[draft.pk])).status_code == 200
    assert client.post(reverse("certificates:decision_check", args=[draft.pk])).status_code == 403


@pytest.mark.parametrize("role", ["outsider", "producer_owner", "commune_officer"])
def test_outside_the_scope_is_404(login, cast, draft, role):
    client = login(getattr(cast, role))
    assert client.get(reverse("certificates:decision_detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("certificates:decision_check", args=[draft.pk])).status_code == 404


def test_wrong_method_and_missing_id(login, cast, draft):
    client = login(cast.province_officer)
    assert client.get(reverse("certificates:decision_check", args=[draft.pk])).status_code == 405
    assert client.get(reverse("certificates:decision_detail", args=[99999])).status_code == 404


def test_the_decision_pdf_is_printable_as_a_draft(login, cast, draft):
    response = login(cast.province_officer).get(reverse("certificates:decision_pdf", args=[draft.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_list_shows_the_province_decisions_with_a_constant_query_count(login, cast, django_assert_num_queries):
    client = login(cast.province_officer)
    issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="1/QĐ-UBND"
    )
    url = reverse("certificates:decision_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).context["page"].object_list) == 1
    for n in range(2, 11):
        issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number=f"{n}/QĐ-UBND"
        )
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(url).context["page"].object_list) == 10
    assert len(login(cast.outsider).get(url).context["page"].object_list) == 0
    assert login(cast.producer_owner).get(url).status_code == 403


def test_the_decision_pdf_is_scoped(login, cast, draft):
    url = reverse("certificates:decision_pdf", args=[draft.pk])
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.producer_owner).get(url).status_code == 404
    assert login(cast.viewer).get(url).status_code == 200
    assert login(cast.province_officer).post(url).status_code == 405


def test_a_ministry_decision_is_seen_by_the_province_of_its_products(login, cast):
    from evaluation.choices import Level

    decision = issued_decision(
        province=None,
        by=cast.central_officer,
        results=[result_for(cast.producer, star=5, level=Level.CENTRAL)],
        number="3/QĐ-BNNMT",
        level=IssuerLevel.MINISTRY,
    )
    url = reverse("certificates:decision_detail", args=[decision.pk])
    assert login(cast.province_officer).get(url).status_code == 200
    assert login(cast.outsider).get(url).status_code == 404
    assert (
        login(cast.province_officer).post(reverse("certificates:decision_correct", args=[decision.pk])).status_code
        == 403
    )


def test_a_historic_decision_is_seen_by_the_province_of_its_certificates(login, cast):
    from datetime import date

    from certificates.services.certificates import certificate_record_historic
    from evaluation.choices import LegalBasis
    from products.tests.factories import ProductFactory

    certificate = certificate_record_historic(
        by=cast.province_officer,
        product=ProductFactory(producer=cast.producer),
        number="16/GCN-UBND",
        star=3,
        issuer_level=IssuerLevel.DISTRICT,
        issuer_name="UBND huyện Na Rì",
        decision_number="1212/QĐ-UBND",
        decision_date=date(2023, 12, 28),
        legal_basis=LegalBasis.D148,
        scan=None,
    )
    decision = certificate.decision
    assert decision.issuer_unit_id is None  # a former district: no unit of today issued it
    for who in ("province_officer", "viewer", "central_officer"):
        response = login(getattr(cast, who)).get(reverse("certificates:decision_detail", args=[decision.pk]))
        assert response.status_code == 200, who
        assert "UBND huyện Na Rì" in response.content.decode() and "1212/QĐ-UBND" in response.content.decode()
    assert login(cast.province_officer).get(reverse("certificates:decision_pdf", args=[decision.pk])).status_code == 200
    body = login(cast.province_officer).get(reverse("certificates:decision_detail", args=[decision.pk])).content
    assert 'data-testid="historic-note"' in body.decode() and "16/GCN-UBND" in body.decode()
    assert login(cast.outsider).get(reverse("certificates:decision_detail", args=[decision.pk])).status_code == 404
    listed = login(cast.province_officer).get(reverse("certificates:decision_list")).context
    assert decision in list(listed["page"].object_list)


def test_the_certificate_links_its_decision_for_those_who_may_open_it(login, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)]
        )
    certificate = decision.certificates.get()
    url = reverse("certificates:certificate_detail", args=[certificate.pk])
    link = f'href="{reverse("certificates:decision_detail", args=[decision.pk])}"'
    assert link in login(cast.province_officer).get(url).content.decode()
    body = login(cast.producer_owner).get(url).content.decode()
    assert link not in body and decision.number in body


def test_a_provinces_decisions_are_found_without_joining_every_entry_and_certificate(cast):
    """The province's share of ministry and historic decisions is read by EXISTS on the province copies: a join
    through the entries and certificates with DISTINCT sorted 150,000 rows a page at the national scale (14 s)."""
    from certificates.models import RecognitionDecision

    sql = str(RecognitionDecision.objects.for_user(cast.province_officer).query).upper()
    outer = sql.split("EXISTS")[0]  # the decisions' own FROM and the start of the WHERE
    assert "DISTINCT" not in sql and " JOIN " not in outer and sql.count("EXISTS") == 2


def test_the_list_puts_drafts_first_then_the_decisions_by_their_date(login, cast):
    # A decision of 2019 typed in today from the archive listed above the province's latest decisions.
    from certificates.models import RecognitionDecision as D

    def decision(number, on, status=DecisionStatus.ISSUED):
        unit = {"issuer_level": IssuerLevel.PROVINCE, "issuer_unit": cast.province, "issuer_name": "UBND tỉnh"}
        return D.objects.create(number=number, date=on, status=status, **unit)

    recent = decision("2468/QĐ-UBND", timezone.localdate().replace(month=11, day=26))
    draft = decision("", None, status=DecisionStatus.DRAFT)
    archived = decision("2306/QĐ-UBND", timezone.localdate().replace(year=2019, month=12, day=10))
    middle = decision("1210/QĐ-UBND", timezone.localdate().replace(year=2024, month=10, day=2))
    listed = login(cast.province_officer).get(reverse("certificates:decision_list")).context["page"].object_list
    assert list(listed) == [draft, recent, middle, archived]
