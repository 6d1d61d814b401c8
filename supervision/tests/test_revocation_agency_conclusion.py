"""Điều 8.4: "Thời gian thu hồi giấy chứng nhận là 15 ngày kể từ ngày có kết luận của cơ quan có thẩm quyền về hành vi
vi phạm của chủ thể …". Grounds a, c and e rest on such a conclusion (another agency's: food safety, the market
authority…): the case records it (agency, number, date) and its limit runs from its date — on the ad hoc route of
another agency's finding as on a proposal made from the certificate page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround
from certificates.models import Revocation
from supervision import services
from supervision.choices import CaseSource, Outcome, Severity
from supervision.models import Inspection, RevocationCase

from .factories import certificate_for, inspector, recorded, with_finding

pytestmark = pytest.mark.django_db


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _ad_hoc(cast, certificate, *, concluded_on, **extra):
    return services.inspection_open_ad_hoc(
        certificate=certificate,
        reason="agency",
        detail="Chi cục ATTP: mẫu vượt ngưỡng vi sinh.",
        inspectors=[inspector(cast)],
        scheduled_on=timezone.localdate(),
        by=cast.province_officer,
        agency="Chi cục An toàn vệ sinh thực phẩm",
        document_number="12/KL-ATTP",
        concluded_on=concluded_on,
        **extra,
    )


def test_the_ad_hoc_route_counts_the_15_days_from_the_agencys_conclusion(cast):
    certificate = certificate_for(cast)
    agency_day = timezone.localdate() - dt.timedelta(days=6)
    inspection = recorded(
        cast, _ad_hoc(cast, certificate, concluded_on=agency_day), items=with_finding(Severity.CRITICAL)
    )
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REVOKE,
        ground=RevocationGround.LAW_BREACH,
    )
    case = RevocationCase.objects.get(certificate=certificate)
    assert case.opened_on == agency_day and case.due_on == services.revocation_due_on(agency_day)
    assert case.source == CaseSource.AGENCY and case.document_number == "12/KL-ATTP"
    assert case.agency == "Chi cục An toàn vệ sinh thực phẩm"


def test_ground_b_of_the_same_inspection_counts_from_the_inspections_own_conclusion(cast):
    certificate = certificate_for(cast)
    agency_day = timezone.localdate() - dt.timedelta(days=6)
    inspection = recorded(
        cast, _ad_hoc(cast, certificate, concluded_on=agency_day), items=with_finding(Severity.CRITICAL)
    )
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REVOKE,
        ground=RevocationGround.CRITERIA_NOT_MET,
    )
    case = RevocationCase.objects.get(certificate=certificate)
    assert case.opened_on == timezone.localdate() and case.source == CaseSource.FINDING


def test_the_ad_hoc_form_records_the_agencys_conclusion_and_keeps_what_was_typed(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:inspection_create")
    post = {
        "certificate_number": certificate.number,
        "detail": "Đội QLTT số 2: nhãn ghi sai thành phần.",
        "inspectors": [inspector(cast).pk],
        "scheduled_on": _day(timezone.localdate()),
        "agency": "Đội Quản lý thị trường số 2",
        "document_number": "kết luận 7",  # not number/sign
        "concluded_on": _day(timezone.localdate() + dt.timedelta(days=1)),
    }
    wrong = client.post(url, post)
    errors = wrong.context["form"].errors
    assert wrong.status_code == 200 and not Inspection.objects.exists()
    assert errors["concluded_on"] == [
        f"Ngày kết luận của cơ quan phải từ ngày cấp giấy chứng nhận ({certificate.issued_on:%d/%m/%Y}) "
        f"đến hôm nay ({timezone.localdate():%d/%m/%Y})."
    ]
    page = wrong.content.decode()
    assert 'value="kết luận 7"' in page and 'value="Đội Quản lý thị trường số 2"' in page
    before = client.post(url, {**post, "concluded_on": _day(certificate.issued_on - dt.timedelta(days=1))})
    assert set(before.context["form"].errors) == {"document_number", "concluded_on"}
    half = client.post(url, {**post, "document_number": "", "concluded_on": ""})  # all or none
    assert {"document_number", "concluded_on"} <= set(half.context["form"].errors)
    day = timezone.localdate() - dt.timedelta(days=3)
    ok = client.post(url, {**post, "document_number": "7/KL-QLTT", "concluded_on": _day(day)})
    inspection = Inspection.objects.get()
    assert ok.status_code == 302 and inspection.agency_concluded_on == day
    assert inspection.agency_document_number == "7/KL-QLTT"
    detail = client.get(reverse("supervision:inspection_detail", args=[inspection.pk])).content.decode()
    assert "7/KL-QLTT" in detail


def test_an_ad_hoc_inspection_without_a_conclusion_still_opens(cast):
    inspection = services.inspection_open_ad_hoc(
        certificate=certificate_for(cast),
        reason="agency",
        detail="Tin báo của Chi cục QLTT.",
        inspectors=[inspector(cast)],
        scheduled_on=timezone.localdate(),
        by=cast.province_officer,
    )
    assert not inspection.has_agency_conclusion


def _propose(cast, certificate, **data):
    return services.agency_conclusion_propose(
        certificate=certificate,
        by=cast.province_officer,
        **{
            "ground": RevocationGround.LAW_BREACH,
            "agency": "Chi cục An toàn vệ sinh thực phẩm",
            "document_number": "12/KL-ATTP",
            "concluded_on": timezone.localdate() - dt.timedelta(days=2),
            **data,
        },
    )


def test_a_proposal_on_a_conclusion_records_it_and_its_limit(cast):
    certificate = certificate_for(cast)
    day = timezone.localdate() - dt.timedelta(days=2)
    case = _propose(cast, certificate, concluded_on=day, detail="Mẫu vượt ngưỡng.")
    assert case.opened_on == day and case.due_on == services.revocation_due_on(day)
    assert (case.source, case.ground, case.agency) == (CaseSource.AGENCY, "c", "Chi cục An toàn vệ sinh thực phẩm")
    proposal = Revocation.objects.get(certificate=certificate)
    assert proposal.ground == "c" and "12/KL-ATTP" in proposal.detail and "Mẫu vượt ngưỡng." in proposal.detail
    assert proposal.grounded_on == day  # its decision is not dated before it
    with pytest.raises(ValidationError):  # a second copy: one proposal, one case
        _propose(cast, certificate, concluded_on=day)
    assert RevocationCase.objects.count() == 1 and Revocation.objects.count() == 1


@pytest.mark.parametrize(
    "data,field",
    [
        ({"concluded_on": timezone.localdate() + dt.timedelta(days=1)}, "concluded_on"),
        ({"concluded_on": dt.date(2000, 1, 1)}, "concluded_on"),
        ({"document_number": "KL ATTP"}, "document_number"),
        ({"agency": " "}, "agency"),
        ({"ground": RevocationGround.CRITERIA_NOT_MET}, "ground"),
    ],
)
def test_a_conclusion_is_refused_next_to_its_field(cast, data, field):
    certificate = certificate_for(cast)
    with pytest.raises(ValidationError) as info:
        _propose(cast, certificate, **data)
    assert field in info.value.message_dict
    assert not Revocation.objects.exists() and not RevocationCase.objects.exists()


def test_a_conclusion_past_15_days_shows_the_case_overdue_at_once(cast, login):
    from supervision.selectors import open_cases

    certificate = certificate_for(cast)
    case = _propose(cast, certificate, concluded_on=timezone.localdate() - dt.timedelta(days=40))
    assert case.due_on < timezone.localdate()
    page = login(cast.province_officer).get(reverse("supervision:case_detail", args=[case.pk])).content.decode()
    assert "Quá hạn" in page and "12/KL-ATTP" in page
    assert open_cases(user=cast.province_officer).filter(pk=case.pk).exists()


def test_agency_conclusion_view_by_role(cast, login):
    certificate = certificate_for(cast)
    five = certificate_for(cast, star=5)
    url = reverse("supervision:agency_conclusion", args=[certificate.pk])
    for user, code in {
        cast.province_officer: 200,
        cast.admin: 200,
        cast.commune_officer: 403,
        cast.viewer: 403,
        cast.advisory_member: 404,  # certificates it does not see
        cast.central_officer: 200,  # the ministry's request to the province (Điều 10.1b); the province revokes
        cast.producer_owner: 403,
        cast.other_commune_officer: 404,
        cast.other_producer: 404,
        cast.outsider: 404,
    }.items():
        assert login(user).get(url).status_code == code, user
    assert login(cast.central_officer).get(reverse("supervision:agency_conclusion", args=[five.pk])).status_code == 200
    assert login(cast.province_officer).get(reverse("supervision:agency_conclusion", args=[five.pk])).status_code == 403
    assert login(cast.province_officer).get(reverse("supervision:agency_conclusion", args=[99999])).status_code == 404
    assert login(cast.province_officer).delete(url).status_code == 405


def test_agency_conclusion_form_keeps_what_was_typed_and_a_double_submission_makes_one_case(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:agency_conclusion", args=[certificate.pk])
    post = {
        "ground": "e",
        "agency": "Sở Công Thương",
        "document_number": "số 5",
        "concluded_on": _day(timezone.localdate() + dt.timedelta(days=2)),
        "detail": "Đề nghị thu hồi.",
    }
    wrong = client.post(url, post)
    assert wrong.status_code == 200 and not RevocationCase.objects.exists()
    assert "concluded_on" in wrong.context["form"].errors
    assert 'value="số 5"' in wrong.content.decode() and 'value="Sở Công Thương"' in wrong.content.decode()
    number = client.post(url, {**post, "concluded_on": _day(timezone.localdate())})
    assert "document_number" in number.context["form"].errors
    good = {**post, "document_number": "5/KL-SCT", "concluded_on": _day(timezone.localdate() - dt.timedelta(days=1))}
    first = client.post(url, good)
    case = RevocationCase.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("supervision:case_detail", args=[case.pk])
    second = client.post(url, good)
    assert second.status_code == 200 and second.context["form"].non_field_errors()
    assert RevocationCase.objects.count() == 1 and Revocation.objects.count() == 1


def test_the_certificate_page_leaves_grounds_a_c_e_to_the_conclusion_page(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    detail = client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).content.decode()
    assert reverse("supervision:agency_conclusion", args=[certificate.pk]) in detail
    revoke = reverse("certificates:certificate_revoke", args=[certificate.pk])
    page = client.get(revoke)
    choices = {value for value, _label in page.context["form"].fields["ground"].choices}
    assert not {"a", "c", "e"} & choices and {"b", "d", "dd"} <= choices
    assert 'data-testid="revoke-on-conclusion"' in page.content.decode()
    refused = client.post(revoke, {"ground": "c", "detail": "Kết luận của Chi cục ATTP"})
    assert refused.status_code == 200 and "ground" in refused.context["form"].errors
    assert not Revocation.objects.exists()
    viewer = login(cast.viewer).get(reverse("certificates:certificate_detail", args=[certificate.pk])).content.decode()
    assert 'data-testid="agency-conclusion"' not in viewer


def test_agency_conclusion_form_shows_every_field_error_at_once(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:agency_conclusion", args=[certificate.pk])
    post = {
        "ground": "c",
        "agency": "",
        "document_number": "số 5",
        "concluded_on": _day(timezone.localdate() + dt.timedelta(days=2)),
    }
    wrong = client.post(url, post)
    assert wrong.status_code == 200 and not RevocationCase.objects.exists()
    assert set(wrong.context["form"].errors) == {"agency", "document_number", "concluded_on"}
    assert 'value="số 5"' in wrong.content.decode()


def test_the_ad_hoc_form_shows_a_future_date_and_a_wrong_number_at_once(cast, login):
    certificate = certificate_for(cast)
    post = {
        "certificate_number": certificate.number,
        "detail": "Đội QLTT số 2: nhãn ghi sai thành phần.",
        "inspectors": [inspector(cast).pk],
        "scheduled_on": _day(timezone.localdate()),
        "agency": "Đội Quản lý thị trường số 2",
        "document_number": "kết luận 7",
        "concluded_on": _day(timezone.localdate() + dt.timedelta(days=1)),
    }
    wrong = login(cast.province_officer).post(reverse("supervision:inspection_create"), post)
    assert {"document_number", "concluded_on"} <= set(wrong.context["form"].errors)


def test_the_ministry_requests_the_province_to_revoke_a_four_star_certificate_on_ground_e(cast, login):
    """Điều 10.1b: the ministry, finding the evaluation not done as required, asks the Chủ tịch UBND tỉnh to revoke
    (ground e, its letter the conclusion); the province's office proposes within the 15 days from the letter."""
    from certificates.choices import RevocationStatus
    from ocop.models import Notification

    certificate = certificate_for(cast)
    client = login(cast.central_officer)
    url = reverse("supervision:agency_conclusion", args=[certificate.pk])
    page = client.get(url)
    assert {value for value, _label in page.context["form"].fields["ground"].choices} == {"", "e"}
    day = timezone.localdate() - dt.timedelta(days=3)
    post = {
        "ground": "e",
        "agency": "Bộ Nông nghiệp và Môi trường",
        "document_number": "45/BNNMT-KTHT",
        "concluded_on": _day(day),
        "detail": "Đánh giá, phân hạng không đúng quy định.",
    }
    assert "ground" in client.post(url, {**post, "ground": "c"}).context["form"].errors
    done = client.post(url, post)
    case = RevocationCase.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("supervision:case_detail", args=[case.pk])
    assert (case.source, case.ground, case.opened_on) == (CaseSource.AGENCY, "e", day)
    assert not Revocation.objects.exists()  # the ministry does not revoke a 4★ certificate (Điều 8.2a)
    told = Notification.objects.get(url=reverse("supervision:case_detail", args=[case.pk]))
    assert told.user == cast.province_officer and "45/BNNMT-KTHT" in told.text
    with pytest.raises(ValidationError):
        services.agency_conclusion_propose(
            certificate=certificate, by=cast.central_officer, **{**post, "concluded_on": day, "ground": "e"}
        )
    services.revocation_case_propose(case=case, by=cast.province_officer)
    proposal = Revocation.objects.get()
    assert proposal.status == RevocationStatus.PROPOSED and "45/BNNMT-KTHT" in proposal.detail


def test_the_ministrys_request_names_the_letters_fields_in_its_errors(cast, login):
    """On the ministry's request (Điều 10.1b) the fields are the letter's number and date ("Ngày văn bản"): an error
    under them names them, not a conclusion's."""
    certificate = certificate_for(cast)
    url = reverse("supervision:agency_conclusion", args=[certificate.pk])
    wrong = login(cast.central_officer).post(
        url,
        {
            "ground": "e",
            "agency": "Bộ Nông nghiệp và Môi trường",
            "document_number": "công văn 45",
            "concluded_on": _day(timezone.localdate() + dt.timedelta(days=1)),
        },
    )
    form = wrong.context["form"]
    assert form.fields["concluded_on"].label == "Ngày văn bản"
    date_error = " ".join(form.errors["concluded_on"])
    assert date_error.startswith("Ngày văn bản") and "kết luận" not in date_error
    number_error = " ".join(form.errors["document_number"])
    assert "văn bản đề nghị" in number_error and "kết luận" not in number_error
    with pytest.raises(ValidationError) as info:  # the service words it the same
        services.agency_conclusion_propose(
            certificate=certificate,
            by=cast.central_officer,
            ground="e",
            agency="Bộ Nông nghiệp và Môi trường",
            document_number="45/BNNMT-KTHT",
            concluded_on=certificate.issued_on - dt.timedelta(days=1),
        )
    assert info.value.message_dict["concluded_on"][0].startswith("Ngày văn bản")
