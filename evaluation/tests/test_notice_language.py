"""A notice reads in its reader's language, whatever the language of the person whose act wrote it: an advisory
member working in English asks a Vietnamese producer for a supplement; the producer reads the notice (in the app
and by e-mail) in Vietnamese, and in English once they switch (the e-mail: once their account's language is
English). The reason the member typed is kept as typed."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from evaluation.choices import RegistrationStatus as S
from evaluation.services.advisory import registration_request_supplement
from evaluation.tests.factories import registration_in
from ocop.models import Notification
from ocop.phrases import Phrase
from ocop.services import notify

pytestmark = pytest.mark.django_db

VIETNAMESE = "Tổ tư vấn yêu cầu bổ sung hồ sơ “{p}”: Nhãn thiếu hạn sử dụng"
ENGLISH = "The advisory team requests additional documents for dossier “{p}”: Nhãn thiếu hạn sử dụng"


def request_supplement(cast, capture_on_commit, *, language: str):
    """The advisory member, working in `language`, asks the producer for a supplement."""
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    with translation.override(language), capture_on_commit(execute=True):
        registration_request_supplement(
            registration=registration,
            by=cast.advisory_member,
            reason="Nhãn thiếu hạn sử dụng",
            document_kinds=["label"],
        )
    return registration


@pytest.fixture
def requested_in_english(cast, django_capture_on_commit_callbacks):
    return request_supplement(cast, django_capture_on_commit_callbacks, language="en")


def _notices_page(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("notification_list")).content.decode()


def test_the_producer_reads_the_notice_in_their_own_language(cast, login, requested_in_english):
    product = requested_in_english.product.name
    client = login(cast.producer_owner)
    page = _notices_page(client, "vi")
    assert VIETNAMESE.format(p=product) in page and ENGLISH.format(p=product) not in page
    page = _notices_page(client, "en")
    assert ENGLISH.format(p=product) in page and VIETNAMESE.format(p=product) not in page


def test_the_stored_copy_and_the_email_are_in_vietnamese(cast, mailoutbox, requested_in_english):
    product = requested_in_english.product.name
    notice = Notification.objects.get(user=cast.producer_owner)
    assert notice.message == VIETNAMESE.format(p=product)
    (mail,) = mailoutbox
    assert VIETNAMESE.format(p=product) in mail.body


def test_the_email_is_in_english_once_the_producer_chose_english(cast, mailoutbox, django_capture_on_commit_callbacks):
    cast.producer_owner.language = "en"
    cast.producer_owner.save(update_fields=["language"])
    registration = request_supplement(cast, django_capture_on_commit_callbacks, language="vi")
    (mail,) = mailoutbox
    assert ENGLISH.format(p=registration.product.name) in mail.body and "Dear" in mail.body
    assert VIETNAMESE.format(p=registration.product.name) not in mail.body


def test_an_older_notice_without_its_message_is_shown_as_stored(cast, login):
    Notification.objects.create(user=cast.producer_owner, message="Thông báo cũ: hồ sơ “Mật ong” đã được tiếp nhận.")
    page = _notices_page(login(cast.producer_owner), "en")
    assert "Thông báo cũ: hồ sơ “Mật ong” đã được tiếp nhận." in page


def test_a_notice_of_several_lines_shows_each_on_its_own_line(cast, login):
    notify(
        users=[cast.producer_owner],
        message=Phrase.join(
            [
                Phrase(gettext_lazy("Lý do loại: %(r)s"), r="Giả mạo hồ sơ"),
                Phrase(gettext_lazy("Lý do loại: %(r)s"), r="B"),
            ]
        ),
    )
    page = _notices_page(login(cast.producer_owner), "en")
    assert "Reason for disqualification: Giả mạo hồ sơ<br>Reason for disqualification: B" in page
