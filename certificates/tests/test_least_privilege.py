"""Issue 11.15: council and advisory-team members read what their work needs, not the province's registry.

A council member with no council sees no producer, product, certificate, decision or dossier; an advisory member
sees the dossiers under review of the province and nothing of the registry (tax codes, phones, addresses stay
with the officers who handle the producer). Outsiders keep getting 404."""

import pytest
from django.urls import reverse

from certificates.models import Certificate, RecognitionDecision
from certificates.tests.factories import issued_decision, result_for
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from products.models import Producer, Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    result = result_for(cast.producer, name="Miến dong Tài Hoan")
    registration = result.registration
    registration.commune = cast.commune
    registration.save(update_fields=["commune"])
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    return {"registration": registration, "decision": decision, "certificate": decision.certificates.get()}


def visible(user):
    return {
        "producers": Producer.objects.for_user(user).count(),
        "products": Product.objects.for_user(user).count(),
        "certificates": Certificate.objects.for_user(user).count(),
        "decisions": RecognitionDecision.objects.for_user(user).count(),
    }


NOTHING = {"producers": 0, "products": 0, "certificates": 0, "decisions": 0}


def test_a_council_member_without_a_council_sees_nothing_of_the_registry(cast, world):
    assert visible(cast.council_member) == NOTHING
    assert not Registration.objects.for_user(cast.council_member).exists()


def test_an_advisory_member_sees_nothing_of_the_registry(cast, world):
    assert visible(cast.advisory_member) == NOTHING


def test_the_officers_who_handle_the_producer_still_see_it(cast, world):
    assert visible(cast.province_officer) == {"producers": 1, "products": 1, "certificates": 1, "decisions": 1}
    assert visible(cast.central_officer) == {"producers": 2, "products": 1, "certificates": 1, "decisions": 1}
    # communes work from certificates, not decisions (unchanged)
    assert visible(cast.commune_officer) == {"producers": 1, "products": 1, "certificates": 1, "decisions": 0}


@pytest.mark.parametrize("status", [S.FORWARDED, S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED, S.READY_FOR_COUNCIL])
def test_an_advisory_member_reads_the_dossiers_under_review(cast, world, status):
    Registration.objects.filter(pk=world["registration"].pk).update(status=status)
    assert list(Registration.objects.for_user(cast.advisory_member)) == [world["registration"]]


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.SCORED, S.DECIDED, S.WITHDRAWN])
def test_an_advisory_member_does_not_read_dossiers_outside_review(cast, world, status):
    Registration.objects.filter(pk=world["registration"].pk).update(status=status)
    assert not Registration.objects.for_user(cast.advisory_member).exists()


@pytest.mark.parametrize("role", ["council_member", "advisory_member"])
def test_the_detail_pages_answer_404(cast, login, world, role):
    c = login(getattr(cast, role))
    producer = world["registration"].product.producer
    for url in (
        reverse("products:producer_detail", args=[producer.pk]),
        reverse("products:product_detail", args=[world["registration"].product_id]),
        reverse("certificates:certificate_detail", args=[world["certificate"].pk]),
        reverse("certificates:decision_detail", args=[world["decision"].pk]),
    ):
        assert c.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["council_member", "advisory_member"])
def test_the_lists_and_exports_show_no_contact_details(cast, login, world, role):
    c = login(getattr(cast, role))
    cast.producer.phone = "0912345678"
    cast.producer.save(update_fields=["phone"])
    for name in ("products:producer_list", "products:product_list", "certificates:certificate_list"):
        response = c.get(reverse(name))
        body = response.content.decode() if response.status_code == 200 else ""
        assert "4700100102" not in body and "0912345678" not in body and "Miến dong Tài Hoan" not in body, name
