"""One way to build every mail (ocop.emails): subject and text as typed, HTML escaped in one complete document,
Auto-Submitted on reminders and digests, Reply-To of the responsible office, links from SITE_URL."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from ocop import emails

HOSTILE = 'Bổ sung "Mẫu 03" & chữ ký <b>'
NAMES = sorted(p.name for p in (Path(settings.BASE_DIR) / "templates" / "emails").iterdir() if p.is_dir())


class Anything:
    """A context value that answers every attribute, key and loop with itself and prints as HOSTILE."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name in {"day", "month", "year"}:  # so that |date:"d/m/Y" prints 01/01/2026
            return {"day": 1, "month": 1, "year": 2026}[name]
        return self

    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter([self])

    def __str__(self):
        return HOSTILE


class AnyCertificate(Anything):
    """A certificate whose last valid day is a real date: a template filter computes with it (extension_note)."""

    valid_until = datetime.date(2026, 1, 1)

    def __getitem__(self, key):  # templates look a key up before an attribute
        return self.valid_until if key == "valid_until" else self


class AnyClient(Anything):
    """An integration client whose token expires at a real moment (the mail formats it)."""

    token_expires_at = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=datetime.UTC)

    def __getitem__(self, key):
        return self.token_expires_at if key == "token_expires_at" else self


def _context():
    thing = Anything()
    keys = "producer notice message revocation registration event user invited_by lines items member"
    context = {key: thing for key in keys.split()}
    context.update(
        certificate=AnyCertificate(),
        session=thing,
        result=thing,
        notices=[thing],
        clients=[AnyClient()],
        total=2,
        more=0,
        days_to_file=3,
        reset_url="https://x.test/r/",
    )
    return context


def test_every_mail_has_its_three_templates():
    assert len(NAMES) >= 15
    for name in NAMES:
        for part in ("subject.txt", "body.txt", "body.html"):
            assert (Path(settings.BASE_DIR) / "templates" / "emails" / name / part).exists(), (name, part)


@pytest.mark.parametrize("name", NAMES)
def test_text_and_subject_are_not_html_escaped_and_html_is(name):
    message = emails.build_message(name, to=["a@example.test"], context=_context())
    assert "&quot;" not in message.subject and "&amp;" not in message.subject and "\n" not in message.subject
    assert "&quot;" not in message.body and "&amp;" not in message.body and "&lt;" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert HOSTILE not in html and "&lt;b&gt;" in html  # user text never becomes markup
    assert re.match(r"<!doctype html>\s*<html lang=\"vi\">", html, re.IGNORECASE)
    assert "<title>" in html and html.count("<body") == 1 and html.rstrip().endswith("</html>")


def test_the_sender_comes_from_the_setting_and_the_automatic_header_only_on_reminders(settings):
    settings.DEFAULT_FROM_EMAIL = "OCOP Thái Nguyên <ocop@thainguyen.gov.vn>"
    settings.EMAIL_REPLY_TO = ["vanphong@ocop.gov.vn"]
    digest = emails.build_message("officer_digest", to=["a@example.test"], context=_context())
    reminder = emails.build_message("sheet_reminder", to=["a@example.test"], context=_context())
    status = emails.build_message("registration_status", to=["a@example.test"], context=_context())
    assert digest.from_email == "OCOP Thái Nguyên <ocop@thainguyen.gov.vn>"
    assert digest.extra_headers["Auto-Submitted"] == "auto-generated"
    assert reminder.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Auto-Submitted" not in status.extra_headers
    assert digest.reply_to == ["vanphong@ocop.gov.vn"]
    assert "Auto-Submitted: auto-generated" in digest.message().as_string()


def test_nobody_to_send_to_builds_nothing():
    assert emails.build_message("registration_status", to=["", None], context=_context()) is None
    assert emails.send_templated("registration_status", to=[], context=_context()) == 0


@pytest.mark.django_db
def test_a_return_reason_reaches_the_producer_as_typed_with_the_communes_reply_to(cast, mailoutbox):
    from evaluation.tasks import registration_send_email_task
    from evaluation.tests.factories import registration_in

    registration = registration_in(cast, status="returned", name='Mật ong "Rừng" & sáp')
    registration_send_email_task(registration.pk, "returned", [cast.producer_owner.pk], message=HOSTILE)
    mail = mailoutbox[0]
    assert HOSTILE in mail.body and 'Mật ong "Rừng" & sáp' in mail.subject
    assert "&quot;" not in mail.body + mail.subject
    assert "Bổ sung &quot;Mẫu 03&quot; &amp; chữ ký &lt;b&gt;" in mail.alternatives[0][0]
    assert mail.reply_to == [cast.commune_officer.email]


@pytest.mark.django_db
@override_settings(SITE_URL="https://ocop.example.gov.vn")
def test_the_password_reset_link_comes_from_site_url_not_the_host_header(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": cast.producer_owner.email}, HTTP_HOST="localhost")
    assert response.status_code == 302
    mail = mailoutbox[0]
    links = re.findall(r"https?://\S+", mail.body)
    assert links and all(link.startswith("https://ocop.example.gov.vn/accounts/reset/") for link in links)
    assert "localhost" not in mail.body and "localhost" not in mail.alternatives[0][0]
    assert mail.alternatives[0][0].lstrip().lower().startswith("<!doctype html>")


@pytest.mark.django_db
def test_a_mail_sent_late_tells_the_status_of_its_step_not_a_result_not_yet_announced(cast, mailoutbox):
    """The mail of a step is queued through the outbox and may leave late (the broker down, a retry): it read the
    dossier's status when sent, so "ready for the council", sent after the council scored, told the producer
    "Đã chấm điểm", next step "Quyết định công nhận", before the result was announced (Điều 7.3g)."""
    from evaluation.services.workflow import announce
    from evaluation.tests.factories import registration_in
    from ocop.models import OutboxMessage
    from ocop.phrases import Phrase

    registration = registration_in(cast, status="ready_for_council", name="Mật ong rừng")
    announce(registration, "ready_for_council", "producer", Phrase("Hồ sơ đã sẵn sàng trình Hội đồng."))
    queued = OutboxMessage.objects.filter(task__endswith="registration_send_email_task").latest("pk")
    registration.status = "scored"  # the council takes its result before the mail leaves
    registration.save(update_fields=["status"])
    mailoutbox.clear()
    from evaluation.tasks import registration_send_email_task

    registration_send_email_task(*queued.args, **queued.kwargs)
    (mail,) = mailoutbox
    told = mail.subject + mail.body
    assert "Sẵn sàng trình Hội đồng" in told and "Hội đồng đánh giá, phân hạng" in mail.body
    assert "Đã chấm điểm" not in told and "Quyết định công nhận" not in told
