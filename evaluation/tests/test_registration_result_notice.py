"""The council's outcome reaches the producer only when announced (issue 6, D26 Điều 7.3g): a recognised product by
the decision, the others by a written notice the OCOP office sends once. Until then the producer's pages, list and
status filter show one neutral status ("Hội đồng đã đánh giá — chờ công bố kết quả")."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from evaluation.choices import RegistrationStatus as S
from evaluation.models import CouncilResult, Registration
from evaluation.services.notices import registration_notify_result
from evaluation.tests.factories import notice_form, notice_paper, registration_in
from ocop.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

MASKED = "Hội đồng đã đánh giá — chờ công bố kết quả"
MARKER = {"criterion": "1.6", "min_star": 3, "required_points": 1, "points": 0}


def scored(cast, status, *, level="province", name=None, **result):
    registration = registration_in(cast, status=status, name=name, form_number=f"{status}/PĐK")
    values = {
        "level": level,
        "mean_score": Decimal("48.50"),
        "band_star": 2,
        "final_star": 2,
        "failed_markers": [MARKER],
        "eliminated": status == S.ELIMINATED,
        "potential_five": status == S.FORWARDED_TO_CENTRAL,
        **result,
    }
    CouncilResult.objects.create(registration=registration, **values)
    return registration


def badges(html: str) -> list[str]:
    return [b.strip() for b in re.findall(r'data-testid="status">([^<]*)<', html)]


def listed(client, query: str) -> set[int]:
    page = client.get(reverse("evaluation:registration_list") + query).content.decode()
    return {
        int(pk)
        for pk in re.findall(r'data-testid="registration-row"[^>]*>\s*<td><a [^>]*href="/registrations/(\d+)/"', page)
    }


def test_the_producer_sees_one_neutral_status_for_every_unannounced_outcome(cast, login):
    rows = [
        scored(cast, S.NOT_RECOGNISED, name="A"),
        scored(cast, S.SCORED, name="B", mean_score=Decimal("75"), final_star=4, failed_markers=[]),
        scored(cast, S.FORWARDED_TO_CENTRAL, name="C", mean_score=Decimal("92"), final_star=5, failed_markers=[]),
        scored(cast, S.ELIMINATED, name="D", final_star=0, knockouts=["Giả mạo hồ sơ"]),
    ]
    client = login(cast.producer_owner)
    for registration in rows:
        page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
        assert badges(page) == [MASKED], registration.status
        assert "Hội đồng trung ương" not in page and "Quyết định công nhận" not in page  # "waiting for" leaks
        assert 'data-testid="notify-result"' not in page
    listing = badges(client.get(reverse("evaluation:registration_list")).content.decode())
    assert len(listing) == 4 and set(listing) == {MASKED}  # one row per dossier (a card on a phone)
    officer = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[rows[0].pk]))
    assert badges(officer.content.decode()) == ["Không đạt"]


def test_the_status_filter_does_not_tell_the_hidden_outcomes_apart(cast, login):
    hidden = {
        scored(cast, S.NOT_RECOGNISED, name="A").pk,
        scored(cast, S.SCORED, name="B", final_star=4).pk,
        scored(cast, S.FORWARDED_TO_CENTRAL, name="C", final_star=5).pk,
    }
    decided = registration_in(cast, status=S.DECIDED, name="E")
    client = login(cast.producer_owner)
    group = listed(client, "?status=awaiting_result")
    assert group == hidden
    for status in (S.NOT_RECOGNISED, S.SCORED, S.FORWARDED_TO_CENTRAL, S.ELIMINATED):
        assert listed(client, f"?status={status}") == group, status
    assert listed(client, "?status=decided") == {decided.pk}
    page = client.get(reverse("evaluation:registration_list")).content.decode()
    assert 'value="awaiting_result"' in page
    # Officers filter on the real status and have no such group.
    officer = login(cast.province_officer)
    assert len(listed(officer, "?status=not_recognised")) == 1
    assert 'value="awaiting_result"' not in officer.get(reverse("evaluation:registration_list")).content.decode()


def test_after_the_notice_the_producer_sees_the_result_and_filters_on_it(
    cast, login, django_capture_on_commit_callbacks
):
    registration = scored(cast, S.NOT_RECOGNISED, name="A")
    other = scored(cast, S.SCORED, name="B", final_star=4)
    with django_capture_on_commit_callbacks(execute=True):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert badges(page) == ["Không đạt"]
    assert listed(client, "?status=awaiting_result") == {other.pk}
    assert registration.pk in listed(client, "?status=not_recognised")


def test_the_notice_cites_the_mean_the_star_and_the_unmet_markers(cast, django_capture_on_commit_callbacks):
    cast.producer_owner.email = "chuthe@example.vn"
    cast.producer_owner.save(update_fields=["email"])
    registration = scored(cast, S.NOT_RECOGNISED, name="Mật ong A")
    with django_capture_on_commit_callbacks(execute=True):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    registration.refresh_from_db()
    assert registration.result_notified_at is not None and registration.status == S.NOT_RECOGNISED
    notice = Notification.objects.get(user=cast.producer_owner)
    assert (
        "48,50" in notice.message
        and "48.50" not in notice.message
        and "2 sao" in notice.message
        and "Tiêu chí 1.6" in notice.message
    )
    assert AuditEvent.objects.filter(action="registration.notify_result").count() == 1
    assert len(mail.outbox) == 1  # the producer and its commune (Điều 7.3g) read the same language: one message
    message = mail.outbox[0]
    assert "chuthe@example.vn" in message.to and "Mật ong A" in message.subject
    assert "48,50" in message.body and "Tiêu chí 1.6" in message.body and "/registrations/" in message.body
    assert "Tiêu chí 1.6" in message.alternatives[0][0]


def test_the_written_notice_is_mailed_in_the_language_the_producer_chose(cast, django_capture_on_commit_callbacks):
    cast.producer_owner.language = "en"
    cast.producer_owner.save(update_fields=["language"])
    registration = scored(cast, S.NOT_RECOGNISED, name="Mật ong A")
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    (message,) = [message for message in mail.outbox if cast.producer_owner.email in message.to]
    assert "Mật ong A" in message.subject and "Dear" in message.body and "48.50" in message.body
    assert "Kính gửi" not in message.body and "48,50" not in message.body
    assert "Mật ong A" in Notification.objects.get(user=cast.producer_owner).text


def test_it_is_sent_once(cast, django_capture_on_commit_callbacks):
    registration = scored(cast, S.ELIMINATED, final_star=0, knockouts=["Giả mạo hồ sơ"])
    with django_capture_on_commit_callbacks(execute=True):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    with pytest.raises(ValidationError):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1
    assert "Giả mạo hồ sơ" in Notification.objects.get(user=cast.producer_owner).message


@pytest.mark.parametrize("status", [S.SCORED, S.DECIDED, S.READY_FOR_COUNCIL])
def test_it_refuses_what_a_decision_announces_or_nothing_to_announce(cast, status):
    registration = scored(cast, status)
    with pytest.raises(ValidationError):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    assert Registration.objects.get(pk=registration.pk).result_notified_at is None


def test_forwarded_to_central_is_told_then_the_central_result_is_hidden_again(cast, login):
    registration = scored(cast, S.FORWARDED_TO_CENTRAL, mean_score=Decimal("91"), final_star=5, failed_markers=[])
    registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    assert "tiềm năng 5 sao" in Notification.objects.get(user=cast.producer_owner).message
    client = login(cast.producer_owner)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    assert badges(client.get(url).content.decode()) == ["Đã chuyển trung ương"]
    # The central council does not recognise it: a new outcome, hidden until the ministry tells it.
    CouncilResult.objects.create(
        registration=registration, level="central", mean_score=Decimal("88"), band_star=4, final_star=4
    )
    Registration.objects.filter(pk=registration.pk).update(status=S.NOT_RECOGNISED)
    registration.refresh_from_db()
    assert badges(client.get(url).content.decode()) == [MASKED]
    with pytest.raises(PermissionDenied):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    registration_notify_result(registration=registration, by=cast.central_officer, **notice_paper())
    assert badges(client.get(url).content.decode()) == ["Không đạt"]


# ---------------------------------------------------------------- the button and the view


def test_the_province_officer_sends_it_from_the_detail_page(cast, login):
    registration = scored(cast, S.NOT_RECOGNISED)
    client = login(cast.province_officer)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    assert 'data-testid="notify-result"' in client.get(url).content.decode()
    response = client.post(
        reverse("evaluation:registration_notify_result", args=[registration.pk]), notice_form(), follow=True
    )
    page = response.content.decode()
    assert "Đã ban hành và gửi thông báo kết quả cho chủ thể." in page
    assert 'data-testid="notify-result"' not in page and 'data-testid="result-notified"' in page


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "advisory_member", "viewer", "central_officer"])
def test_other_roles_may_not_send_it(cast, login, who):
    registration = scored(cast, S.NOT_RECOGNISED)
    client = login(getattr(cast, who))
    assert (
        'data-testid="notify-result"'
        not in client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    )
    response = client.post(reverse("evaluation:registration_notify_result", args=[registration.pk]), notice_form())
    # The advisory team does not see a dossier past its review (least privilege): 404, never 403.
    assert response.status_code == (404 if who == "advisory_member" else 403), who
    assert Registration.objects.get(pk=registration.pk).result_notified_at is None


def test_the_view_refuses_outsiders_get_and_missing_ids(cast, login):
    registration = scored(cast, S.NOT_RECOGNISED)
    url = reverse("evaluation:registration_notify_result", args=[registration.pk])
    assert login(cast.outsider).post(url, notice_form()).status_code == 404
    assert login(cast.province_officer).put(url).status_code == 405
    missing = reverse("evaluation:registration_notify_result", args=[999999])
    assert login(cast.province_officer).post(missing, notice_form()).status_code == 404
    assert Registration.objects.get(pk=registration.pk).result_notified_at is None


def test_the_producer_home_worklist_does_not_tell_the_outcome(cast):
    from dashboard.selectors import producer_worklist

    scored(cast, S.SCORED, name="B", final_star=4)
    scored(cast, S.FORWARDED_TO_CENTRAL, name="C", final_star=5)
    hidden = scored(cast, S.NOT_RECOGNISED, name="A")
    lines = producer_worklist(user=cast.producer_owner)["dossiers"]
    assert len(lines) == 3 and {str(line["waits_for"]) for line in lines} == {MASKED}
    registration_notify_result(registration=hidden, by=cast.province_officer, **notice_paper())
    lines = producer_worklist(user=cast.producer_owner)["dossiers"]
    assert len(lines) == 2 and {str(line["waits_for"]) for line in lines} == {MASKED}


def test_the_round_page_counts_hidden_outcomes_as_one_group_for_the_producer(cast, login):
    from evaluation.selectors.registrations import round_status_counts

    a = scored(cast, S.NOT_RECOGNISED, name="A")
    scored(cast, S.FORWARDED_TO_CENTRAL, name="C", final_star=5)
    registration_in(cast, status=S.DECIDED, name="E")
    counts = round_status_counts(user=cast.producer_owner, evaluation_round=a.round)
    assert [(value, n) for value, _label, n in counts] == [("awaiting_result", 2), ("decided", 1)]
    page = login(cast.producer_owner).get(reverse("evaluation:round_detail", args=[a.round_id])).content.decode()
    assert MASKED in page and "Không đạt" not in page and "tiềm năng 5 sao" not in page
    officer = round_status_counts(user=cast.province_officer, evaluation_round=a.round)
    assert {value for value, _label, _n in officer} == {"not_recognised", "forwarded_to_central", "decided"}


def test_the_notice_refreshes_the_products_status(cast):
    from products.choices import ProductStatus

    registration = scored(cast, S.NOT_RECOGNISED)
    registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    registration.product.refresh_from_db()
    assert registration.product.status == ProductStatus.NOT_RECOGNISED


def test_the_producers_group_filter_works_after_something_built_the_shared_field(cast, login):
    # drf-spectacular (the API schema) reads RegistrationFilter.base_filters[...].field, which builds and caches
    # the form field on the class-level filter; every later FilterSet copies it with the officers' choices.
    from evaluation.filters import RegistrationFilter

    RegistrationFilter.base_filters["status"].field  # noqa: B018 (built on purpose)
    hidden = scored(cast, S.NOT_RECOGNISED, name="A").pk
    registration_in(cast, status=S.DECIDED, name="E")
    assert listed(login(cast.producer_owner), "?status=awaiting_result") == {hidden}


def test_the_product_page_does_not_tell_the_producer_the_hidden_outcome(cast, login):
    """The product page's button to the dossier in progress named its real status ("Chờ UBND tỉnh phê duyệt, gửi
    Bộ": a potential 5★) to the producer, while the dossier's own page and the list said the neutral one."""
    for status in (S.SCORED, S.PROVINCE_APPROVAL, S.FORWARDED_TO_CENTRAL):  # the outcomes still open
        registration = scored(cast, status, name=f"Sản phẩm {status}")
        url = reverse("products:product_detail", args=[registration.product_id])
        page = login(cast.producer_owner).get(url).content.decode()
        button = page[page.index('data-testid="open-registration"') :].split("</a>", 1)[0]
        assert MASKED in button, status
        assert str(S(status).label) not in button, status
        officer = login(cast.province_officer).get(url).content.decode()
        assert str(S(status).label) in officer.split('data-testid="open-registration"', 1)[1].split("</a>", 1)[0]
        Registration.objects.filter(pk=registration.pk).update(status=S.WITHDRAWN)  # the next product's turn
