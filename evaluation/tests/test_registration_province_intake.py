"""D26 Điều 7.3a: the province's OCOP office (cơ quan tham mưu quản lý OCOP cấp tỉnh) receives the commune's dossier,
checks what it holds and says, and where needed tells the commune and the producer to complete it. Receiving a
forwarded dossier ("Tiếp nhận, chuyển Tổ tư vấn") and returning it at that check are the office's alone; the advisory
team (Tổ tư vấn) reviews what the office has received (Điều 7.3c: supplements, site visits, tests, its report)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.advisory import registration_request_supplement
from evaluation.services.transitions import registration_mark_ready, registration_return, registration_start_review
from evaluation.tests.factories import registration_in
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db


def _status(registration):
    return Registration.objects.get(pk=registration.pk).status


@pytest.mark.parametrize("who", ["advisory_member", "central_officer"])
def test_only_the_provinces_office_receives_or_returns_a_forwarded_dossier(cast, who):
    registration = registration_in(cast, status=S.FORWARDED)
    by = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        registration_start_review(registration=registration, by=by)
    with pytest.raises(PermissionDenied):
        registration_return(registration=registration, by=by, reason="Thiếu nhãn")
    assert _status(registration) == S.FORWARDED
    assert not AuditEvent.objects.filter(target_id=str(registration.pk)).exists()
    allowed = registration_actions_for(by, registration)
    assert not allowed["start_review"] and not allowed["province_return"]


def test_the_provinces_office_receives_and_returns(cast):
    received = registration_in(cast, status=S.FORWARDED)
    assert registration_actions_for(cast.province_officer, received)["start_review"]
    registration_start_review(registration=received, by=cast.province_officer)
    assert _status(received) == S.ADVISORY_REVIEW
    returned = registration_in(cast, status=S.FORWARDED)
    registration_return(registration=returned, by=cast.province_officer, reason="Thiếu nhãn")
    assert _status(returned) == S.RETURNED


def test_the_advisory_team_reviews_what_the_office_received(cast, private_media):
    registration = registration_in(cast, status=S.FORWARDED)
    registration_start_review(registration=registration, by=cast.province_officer)
    registration.refresh_from_db()
    allowed = registration_actions_for(cast.advisory_member, registration)
    assert allowed["request_supplement"] and allowed["site_visit"] and allowed["mark_ready"]
    registration_mark_ready(registration=registration, by=cast.advisory_member)
    assert _status(registration) == S.READY_FOR_COUNCIL
    asked = registration_in(cast, status=S.ADVISORY_REVIEW)
    registration_request_supplement(
        registration=asked, by=cast.advisory_member, reason="Nhãn chưa đúng", document_kinds=["label"]
    )
    assert _status(asked) == S.SUPPLEMENT_REQUESTED


def test_the_advisory_team_is_offered_neither_and_refused_both_pages(cast, login):
    registration = registration_in(cast, status=S.FORWARDED)
    client = login(cast.advisory_member)
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    start = reverse("evaluation:registration_start_review", args=[registration.pk])
    back = reverse("evaluation:registration_return", args=[registration.pk])
    assert start not in page and back not in page
    assert client.post(start).status_code == 403
    assert client.get(back).status_code == 403
    assert client.post(back, {"reason": "Thiếu nhãn"}).status_code == 403
    assert _status(registration) == S.FORWARDED
    office = login(cast.province_officer)
    page = office.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert start in page and back in page
    assert office.post(start).status_code == 302
    assert _status(registration) == S.ADVISORY_REVIEW


def test_the_advisory_team_is_told_once_the_office_receives_a_dossier(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    """Điều 7.3a then 7.3c: once the office has received the dossier the team reviews it, so the province's advisory
    members are told (in-app and by e-mail, as every step tells its audience); the office that received it, the
    team of another province and the producer's own notice stay as they were."""
    from ocop.models import Notification, User

    cast.advisory_member.email = "totuvan@example.vn"
    cast.advisory_member.save(update_fields=["email"])
    elsewhere = User.objects.create_user(
        username="totuvan_khac", role="advisory_member", unit=cast.outsider.unit, email="khac@example.vn"
    )
    registration = registration_in(cast, status=S.FORWARDED)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    with django_capture_on_commit_callbacks(execute=True):
        registration_start_review(registration=registration, by=cast.province_officer)
    told = Notification.objects.filter(user=cast.advisory_member, url=url)
    assert told.count() == 1
    assert "Tổ tư vấn" in told.get().message and registration.product.name in told.get().message
    assert not Notification.objects.filter(user=elsewhere).exists()
    assert not Notification.objects.filter(user=cast.province_officer, url=url).exists()
    assert Notification.objects.filter(user=cast.producer_owner, url=url).count() == 1
    assert any("totuvan@example.vn" in m.to for m in mailoutbox)
    assert not any("khac@example.vn" in m.to for m in mailoutbox)
