"""certificate_start_reevaluation (service and view): one click from an expiring certificate to a draft
re-evaluation dossier pre-filled from the last one; the new certificate supersedes the old."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.models import Certificate, CertificateReevaluation
from certificates.services.expiry import certificate_replaced_by_registration, certificate_start_reevaluation
from certificates.tests.factories import checker_for
from evaluation.models import Registration
from evaluation.tests.factories import criteria_version

from .factories import make_certificate, make_product, make_registration


@pytest.fixture(autouse=True)
def _criteria_in_force(db):
    criteria_version()  # a new dossier is bound to the criteria version in force


def today():
    return timezone.localdate()


@pytest.fixture
def expiring(cast):
    product = make_product(cast.producer)
    previous = make_registration(product, kind="first", status="decided")
    return make_certificate(
        cast.producer,
        product=product,
        registration=previous,
        status=S.EXPIRING,
        valid_until=today() + datetime.timedelta(days=20),
    )


def url(certificate):
    return reverse("certificates:certificate_start_reevaluation", args=[certificate.pk])


def test_it_starts_a_reevaluation_prefilled_from_the_last_dossier(cast, expiring):
    registration = certificate_start_reevaluation(certificate=expiring, by=cast.producer_owner)
    assert registration.kind == "reevaluation" and registration.status == "draft"
    assert registration.previous_id == expiring.registration_id and registration.product_id == expiring.product_id
    link = CertificateReevaluation.objects.get(certificate=expiring)
    assert link.registration == registration and link.started_by == cast.producer_owner
    assert certificate_replaced_by_registration(registration=registration) == expiring


def test_it_returns_the_open_dossier_on_a_second_click(cast, expiring):
    first = certificate_start_reevaluation(certificate=expiring, by=cast.producer_owner)
    second = certificate_start_reevaluation(certificate=expiring, by=cast.commune_officer)
    assert first == second
    assert Registration.objects.filter(product=expiring.product, kind="reevaluation").count() == 1


def test_it_starts_a_fresh_draft_for_a_historic_certificate(cast):
    historic = make_certificate(
        cast.producer, status=S.RENEWAL_WINDOW, is_historic=True, valid_until=today() + datetime.timedelta(days=150)
    )
    cast.producer.members.clear()  # no account of its own: the officer files for it (acts_for_producer)
    registration = certificate_start_reevaluation(certificate=historic, by=cast.commune_officer)
    assert registration.kind == "reevaluation" and registration.previous_id is None
    assert registration.product_id == historic.product_id


@pytest.mark.parametrize(("d", "status"), [(181, S.VALID), (-1, S.EXPIRED), (20, S.REVOKED), (20, S.SUPERSEDED)])
def test_it_refuses_outside_the_window_or_for_a_dead_certificate(cast, d, status):
    certificate = make_certificate(cast.producer, status=status, valid_until=today() + datetime.timedelta(days=d))
    with pytest.raises(ValidationError):
        certificate_start_reevaluation(certificate=certificate, by=cast.producer_owner)
    assert not Registration.objects.filter(product=certificate.product).exists()


def test_it_accepts_the_first_day_of_the_window(cast):
    certificate = make_certificate(
        cast.producer, status=S.RENEWAL_WINDOW, valid_until=today() + datetime.timedelta(days=180)
    )
    assert certificate_start_reevaluation(certificate=certificate, by=cast.producer_owner).pk


@pytest.mark.parametrize("who", ["viewer", "advisory_member", "council_member"])
def test_it_refuses_roles_that_do_not_file_dossiers(cast, expiring, who):
    with pytest.raises(PermissionDenied):
        certificate_start_reevaluation(certificate=expiring, by=getattr(cast, who))


def test_it_supersedes_the_old_certificate_when_the_new_result_is_issued(cast, expiring):
    from certificates.choices import DecisionStatus, IssuerLevel
    from certificates.models import DecisionEntry, RecognitionDecision
    from certificates.services.decisions import decision_issue

    registration = certificate_start_reevaluation(certificate=expiring, by=cast.producer_owner)
    Registration.objects.filter(pk=registration.pk).update(status="scored")  # the council has scored it
    decision = RecognitionDecision.objects.create(
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        issuer_name="UBND Tỉnh Thử Nghiệm",
        status=DecisionStatus.CHECKED,
    )
    DecisionEntry.objects.create(decision=decision, registration=registration, product=expiring.product, star=4)
    decision_issue(decision=decision, number="99/QĐ-UBND", date=today(), by=checker_for(cast.province_officer))
    expiring.refresh_from_db()
    new = Certificate.objects.get(decision=decision)
    assert expiring.status == S.SUPERSEDED and expiring.superseded_by == new
    assert new.registration == registration


# ---- the view


def test_view_it_lets_the_producer_start_with_one_click(cast, login, expiring):
    response = login(cast.producer_owner).post(url(expiring))
    registration = Registration.objects.get(product=expiring.product, kind="reevaluation")
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:registration_detail", args=[registration.pk])


def test_view_it_lets_an_officer_of_the_scope_start(cast, login, expiring):
    """For a producer without an account (an officer files for no other: test_reevaluation_producer_files_itself)."""
    cast.producer.members.clear()
    assert login(cast.province_officer).post(url(expiring)).status_code == 302
    assert CertificateReevaluation.objects.filter(certificate=expiring).exists()


def test_view_it_shows_the_reason_when_refused(cast, login):
    early = make_certificate(cast.producer, valid_until=today() + datetime.timedelta(days=300))
    response = login(cast.producer_owner).post(url(early), follow=True)
    assert "Chưa đến thời hạn" in response.content.decode()
    assert not CertificateReevaluation.objects.exists()


def test_view_it_forbids_a_viewer(cast, login, expiring):
    assert login(cast.viewer).post(url(expiring)).status_code == 403


def test_view_it_hides_the_certificate_from_an_outsider(cast, login, expiring):
    assert login(cast.outsider).post(url(expiring)).status_code == 404
    assert login(cast.other_producer).post(url(expiring)).status_code == 404


def test_view_it_refuses_get(cast, login, expiring):
    assert login(cast.producer_owner).get(url(expiring)).status_code == 405


def test_view_it_answers_404_for_a_missing_certificate(cast, login):
    response = login(cast.producer_owner).post(reverse("certificates:certificate_start_reevaluation", args=[99999]))
    assert response.status_code == 404
