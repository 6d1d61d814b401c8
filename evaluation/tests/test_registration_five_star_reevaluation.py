"""D26 Điều 6.3b, 7.6e: a 5★ product's re-evaluation goes from the province's OCOP office, with its report, to the
ministry's council; the provincial council does not score it, so a province can never re-rate a 5★ product itself."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.transitions import registration_forward_central, registration_mark_ready
from evaluation.tests.factories import central_session, registration_in
from ocop.models import AuditEvent, Notification
from products.models import Product

pytestmark = pytest.mark.django_db


def _reevaluation(cast, *, star):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW, kind=K.REEVALUATION, name=f"Sản phẩm {star} sao")
    Product.objects.filter(pk=registration.product_id).update(status="recognised", current_star=star)
    registration.product.refresh_from_db()
    return registration


def test_the_office_sends_a_five_star_re_evaluation_to_the_ministry(cast, django_capture_on_commit_callbacks):
    registration = _reevaluation(cast, star=5)
    actions = registration_actions_for(cast.province_officer, registration)
    assert actions["forward_central"] and not actions["mark_ready"]
    with pytest.raises(ValidationError, match="trung ương"):
        registration_mark_ready(registration=registration, by=cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        registration_forward_central(registration=registration, by=cast.province_officer)
    registration.refresh_from_db()
    assert registration.status == S.FORWARDED_TO_CENTRAL
    # Điều 7.6g: the ministry's 45 days run from the province's dossier.
    assert registration.reevaluation_due_on == timezone.localdate() + dt.timedelta(days=45)
    assert AuditEvent.objects.filter(action="registration.forward_to_central").count() == 1
    assert Notification.objects.filter(user=cast.producer_owner, message__contains="Bộ Nông nghiệp").exists()
    # The central council takes it on its agenda.
    item, _members = central_session(cast, SimpleNamespace(registration=registration))
    assert item.registration_id == registration.pk


@pytest.mark.parametrize("star", [3, 4])
def test_other_re_evaluations_go_to_the_provincial_council(cast, star):
    registration = _reevaluation(cast, star=star)
    actions = registration_actions_for(cast.province_officer, registration)
    assert actions["mark_ready"] and not actions["forward_central"]
    with pytest.raises(ValidationError, match="Hội đồng cấp tỉnh"):
        registration_forward_central(registration=registration, by=cast.province_officer)
    registration_mark_ready(registration=registration, by=cast.province_officer)
    registration.refresh_from_db()
    assert registration.status == S.READY_FOR_COUNCIL


def test_only_the_office_sends_it(cast, login):
    registration = _reevaluation(cast, star=5)
    with pytest.raises(PermissionDenied):
        registration_forward_central(registration=registration, by=cast.advisory_member)
    url = reverse("evaluation:registration_forward_central", args=[registration.pk])
    client = login(cast.province_officer)
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert url in page and reverse("evaluation:registration_mark_ready", args=[registration.pk]) not in page
    response = client.post(url)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.FORWARDED_TO_CENTRAL
