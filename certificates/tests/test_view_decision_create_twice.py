"""A double click on "Tạo dự thảo" (or the back button and a second submit): the second copy of the form lands on the
draft the first one created, saying so, as a producer saved twice finds the first (products.services._created_before),
instead of the empty form's "Chưa có sản phẩm nào … chấm đạt …" with no way to the draft."""

import pytest
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.models import RecognitionDecision
from certificates.services.decisions import decision_create
from certificates.tests.factories import result_for

pytestmark = pytest.mark.django_db


def test_the_second_copy_of_the_form_lands_on_the_draft_the_first_created(login, cast):
    r1, r2 = result_for(cast.producer, star=3), result_for(cast.producer, star=4)
    client = login(cast.province_officer)
    data = {"results": [r1.pk, r2.pk], "signer_name": "Nguyễn Văn Ký", "signer_title": "CHỦ TỊCH"}

    first = client.post(reverse("certificates:decision_create"), data)
    second = client.post(reverse("certificates:decision_create"), data)

    decision = RecognitionDecision.objects.get()
    detail = reverse("certificates:decision_detail", args=[decision.pk])
    assert first.status_code == 302 and first["Location"] == detail
    assert second.status_code == 302 and second["Location"] == detail
    page = client.get(detail).content.decode()
    assert f"đã được {cast.province_officer} tạo lúc 02/12/2026 10:00" in page
    assert decision.entries.count() == 2


def test_results_held_by_a_draft_and_new_ones_are_refused_beside_the_field(login, cast):
    """Not a repeat: a draft holds one of the results, another is new. The form says which is no longer eligible."""
    held, fresh = result_for(cast.producer, star=3), result_for(cast.producer, star=4)
    decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[held]
    )
    response = login(cast.province_officer).post(
        reverse("certificates:decision_create"), {"results": [held.pk, fresh.pk]}
    )
    assert response.status_code == 200 and response.context["form"].errors["results"]
    assert RecognitionDecision.objects.count() == 1


def test_another_provinces_draft_is_never_shown_to_an_outsider(login, cast):
    result = result_for(cast.producer, star=3)
    decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
    )
    response = login(cast.outsider).post(reverse("certificates:decision_create"), {"results": [result.pk]})
    assert response.status_code == 200 and "Location" not in response


def test_the_first_copy_committing_while_the_second_checks_the_form_lands_it_on_the_draft(login, cast, monkeypatch):
    """The race the parallel test (test_decision_drafts_postgres) met now and then: the second copy found no draft,
    then the first committed before the form checked its results, which were then no longer free, and the form
    said "Chưa có sản phẩm …". The form's check is where the first copy commits here."""
    from certificates.forms import DecisionCreateForm

    r1, r2 = result_for(cast.producer, star=3), result_for(cast.producer, star=4)
    checked = DecisionCreateForm.is_valid

    def first_copy_commits_meanwhile(form):
        decision_create(
            by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[r1, r2]
        )
        return checked(form)

    monkeypatch.setattr(DecisionCreateForm, "is_valid", first_copy_commits_meanwhile)
    data = {"results": [r1.pk, r2.pk], "signer_name": "Nguyễn Văn Ký", "signer_title": "CHỦ TỊCH"}
    second = login(cast.province_officer).post(reverse("certificates:decision_create"), data)

    decision = RecognitionDecision.objects.get()
    assert second.status_code == 302
    assert second["Location"] == reverse("certificates:decision_detail", args=[decision.pk])
