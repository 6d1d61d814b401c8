"""The ministry's OCOP office is told of a dossier the province sends it (D26 Điều 7.3e, 7.4a, 7.6e): the audience
"central" of the workflow table, in-app at once and by e-mail once the move commits, once per move."""

import pytest

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.services.workflow import TransitionRefused
from evaluation.tests.factories import forward_central, potential_five, refer_central, registration_in
from evaluation.workflow import step
from ocop.models import Notification, OutboxMessage
from ocop.testing import make_user
from products.models import Product

pytestmark = pytest.mark.django_db


def _to(mailoutbox, user) -> list:
    return [m for m in mailoutbox if user.email in m.to]


def test_the_table_tells_the_ministry_of_both_ways_a_dossier_reaches_it():
    for name in ("refer_central", "forward_central"):
        assert "central" in {n.audience for n in step(name).notices}, name


def test_the_ministrys_officers_are_told_when_the_province_sends_a_potential_five_star(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    second = make_user("central_two", "central_officer")
    gone = make_user("central_gone", "central_officer", is_active=False)
    s = potential_five(cast)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refer_central(s.registration, cast.province_officer)
    product = s.registration.product.name
    for officer in (cast.central_officer, second):
        (notice,) = Notification.objects.filter(user=officer)
        assert product in notice.message and "Tỉnh Thử Nghiệm" in notice.message
        assert notice.url.endswith(f"/registrations/{s.registration.pk}/")
    assert not Notification.objects.filter(user=gone).exists()
    # Nobody outside the ministry's office is told by this notice (the producer hears it through the written
    # notice of the result, Điều 7.3g).
    assert not Notification.objects.filter(user__role__in=["producer", "commune_officer"]).exists()
    (mail,) = _to(mailoutbox, cast.central_officer)
    assert second.email in mail.to and gone.email not in mail.to
    assert product in mail.subject and product in mail.body
    # A reply goes to the province's OCOP office, which sent the dossier, not to the commune.
    assert mail.reply_to == [cast.province_officer.email]


def test_a_second_sending_tells_them_once(cast, django_capture_on_commit_callbacks, mailoutbox):
    s = potential_five(cast)
    stale = Registration.objects.get(pk=s.registration.pk)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refer_central(s.registration, cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionRefused):
        refer_central(stale, cast.province_officer, letter_number="2151/UBND-KT")
    assert Notification.objects.filter(user=cast.central_officer).count() == 1
    assert len(_to(mailoutbox, cast.central_officer)) == 1


def test_a_retried_e_mail_leaves_one_notice(cast, mail_refused_once, mailoutbox):
    """The mail server refuses the first try (an OSError, which the task retries): the in-app notice is written with
    the move, once, and the e-mail goes out once the retry gets through."""
    from evaluation.tasks import registration_send_email_task

    s = potential_five(cast)
    mailoutbox.clear()
    refer_central(s.registration, cast.province_officer)  # its e-mail is queued on commit, which never comes here
    (queued,) = OutboxMessage.objects.filter(task=registration_send_email_task.name, sent_at=None)
    assert cast.central_officer.pk in queued.args[2]
    registration_send_email_task.apply(args=queued.args, throw=False)  # the retry runs at once
    assert len(mail_refused_once) == 2
    assert Notification.objects.filter(user=cast.central_officer).count() == 1
    assert len(_to(mailoutbox, cast.central_officer)) == 1


def test_the_ministrys_officers_are_told_of_a_five_star_re_evaluation(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW, kind=K.REEVALUATION, name="Miến dong 5 sao")
    Product.objects.filter(pk=registration.product_id).update(status="recognised", current_star=5)
    registration.product.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        forward_central(registration, cast.province_officer)
    (notice,) = Notification.objects.filter(user=cast.central_officer)
    assert "Miến dong 5 sao" in notice.message and "Tỉnh Thử Nghiệm" in notice.message
    (mail,) = _to(mailoutbox, cast.central_officer)
    assert mail.reply_to == [cast.province_officer.email]
    # The producer is told too, as before, in a mail of its own.
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1
    assert cast.central_officer.email not in _to(mailoutbox, cast.producer_owner)[0].to
