"""The expiry watch's "re-evaluate" is filing a dossier, the producer's own act (D26 Điều 7.1; the workflow's `own`
rows): an officer starts a certificate's re-evaluation only for a producer without an account, whose paper dossier it
types in. A producer with an account files it itself, told by the watch's own notices (the window's opening and its
reminders); an officer's pages say so instead of the button, and a direct request is refused (403)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificate_start_reevaluation
from certificates.services.expiry.reevaluation import can_start_reevaluation, producer_files_itself
from evaluation.models import Registration
from evaluation.tests.factories import criteria_version
from products.tests.factories import ProducerFactory

from .factories import make_certificate, make_product, make_registration

pytestmark = pytest.mark.django_db

OFFICERS = ("commune_officer", "province_officer", "central_officer")
FILES_ITSELF = "Chủ thể đã có tài khoản nên tự đăng ký đánh giá sản phẩm"


@pytest.fixture(autouse=True)
def _criteria_in_force(db):
    criteria_version()


def _expiring(producer):
    product = make_product(producer)
    previous = make_registration(product, kind="first", status="decided")
    return make_certificate(
        producer,
        product=product,
        registration=previous,
        status=S.EXPIRING,
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )


@pytest.fixture
def with_account(cast):
    return _expiring(cast.producer)


@pytest.fixture
def paper(cast):
    return _expiring(ProducerFactory(name="HTX Hương Rừng", commune=cast.commune))


def _start(certificate):
    return reverse("certificates:certificate_start_reevaluation", args=[certificate.pk])


@pytest.mark.parametrize("officer", OFFICERS)
def test_no_officer_starts_the_reevaluation_of_a_producer_with_an_account(cast, with_account, officer):
    by = getattr(cast, officer)
    assert not can_start_reevaluation(by, with_account) and producer_files_itself(by, with_account)
    with pytest.raises(PermissionDenied):
        certificate_start_reevaluation(certificate=with_account, by=by)
    assert not Registration.objects.filter(product=with_account.product, kind="reevaluation").exists()


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officer_starts_it_for_a_producer_without_an_account(cast, paper, officer):
    by = getattr(cast, officer)
    assert can_start_reevaluation(by, paper) and not producer_files_itself(by, paper)
    registration = certificate_start_reevaluation(certificate=paper, by=by)
    assert registration.kind == "reevaluation" and registration.created_by == by


def test_the_producer_starts_its_own(cast, with_account):
    assert can_start_reevaluation(cast.producer_owner, with_account)
    assert not producer_files_itself(cast.producer_owner, with_account)
    registration = certificate_start_reevaluation(certificate=with_account, by=cast.producer_owner)
    assert registration.previous_id == with_account.registration_id


def test_the_open_dossier_is_still_returned_to_an_officer(cast, with_account):
    """A second click, by anyone who sees the certificate, leads to the dossier already started: nothing is filed."""
    started = certificate_start_reevaluation(certificate=with_account, by=cast.producer_owner)
    assert certificate_start_reevaluation(certificate=with_account, by=cast.commune_officer) == started


@pytest.mark.parametrize("officer", OFFICERS)
def test_the_officers_pages_say_why_and_a_direct_request_is_refused(cast, login, with_account, officer):
    client = login(getattr(cast, officer))
    detail = client.get(reverse("certificates:certificate_detail", args=[with_account.pk])).content.decode()
    assert 'data-testid="start-reevaluation"' not in detail and FILES_ITSELF in detail
    listing = client.get(reverse("certificates:expiry_list")).content.decode()
    assert _start(with_account) not in listing and 'data-testid="producer-files-itself"' in listing
    assert client.post(_start(with_account)).status_code == 403
    assert not Registration.objects.filter(product=with_account.product, kind="reevaluation").exists()


def test_the_pages_offer_the_button_where_the_user_files(cast, login, with_account, paper):
    officer = login(cast.commune_officer)
    detail = officer.get(reverse("certificates:certificate_detail", args=[paper.pk])).content.decode()
    assert 'data-testid="start-reevaluation"' in detail and FILES_ITSELF not in detail
    assert _start(paper) in officer.get(reverse("certificates:expiry_list")).content.decode()
    assert officer.post(_start(paper)).status_code == 302
    producer = login(cast.producer_owner)
    detail = producer.get(reverse("certificates:certificate_detail", args=[with_account.pk])).content.decode()
    assert 'data-testid="start-reevaluation"' in detail and FILES_ITSELF not in detail
    assert producer.post(_start(with_account)).status_code == 302


def test_the_start_for_viewers_outsiders_and_the_wrong_method(cast, login, with_account):
    assert login(cast.viewer).post(_start(with_account)).status_code == 403
    assert login(cast.outsider).post(_start(with_account)).status_code == 404
    assert login(cast.other_producer).post(_start(with_account)).status_code == 404
    assert login(cast.producer_owner).get(_start(with_account)).status_code == 405
