"""A submission refused for criteria left without a choice keeps, as the draft, the choices the page sent: without
JavaScript nothing autosaved them, and no refusal loses what the member chose (saved by the form's own save, its
merge and compare-and-swap). The page then marks the criteria still without a choice."""

import re

import pytest
from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.models import ScoreSheet

from .factories import choices_for, declare_and_open, setup_scoring

pytestmark = pytest.mark.django_db


def _post(sheet, card, *missing):
    data = {f"c{k}": v for k, v in choices_for(card).items()}
    for criterion in missing:
        del data[f"c{criterion.pk}"]
    return {**data, "sheet": sheet.pk, "version": sheet.version, "action": "submit", "comment": "Sản phẩm tốt"}


def _kept(sheet, card, missing):
    now = ScoreSheet.objects.get(pk=sheet.pk)
    answered = {s.criterion_id for s in now.scores.filter(answered=True)}
    assert now.status == SheetStatus.DRAFT and now.version == sheet.version + 1
    assert now.comment == "Sản phẩm tốt"
    assert answered == {c.pk for c in card.c.values()} - {c.pk for c in missing}


@pytest.mark.parametrize("endpoint", ["sheet_edit", "sheet_submit"])
def test_a_refused_submission_keeps_the_choices_it_sent(cast, login, endpoint):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    missing = [s.card.c["7"], s.card.c["6.1"]]
    args = [s.item.pk] if endpoint == "sheet_edit" else [sheet.pk]
    response = login(cast.council_member).post(
        reverse(f"evaluation:{endpoint}", args=args), _post(sheet, s.card, *missing)
    )
    page = response.content.decode()
    assert response.status_code == 400
    _kept(sheet, s.card, missing)
    # the page goes on from the version just saved, marks what is still missing, and is not told of another tab
    assert f'name="version" value="{sheet.version + 1}"' in page
    assert page.count('data-testid="criterion-unanswered"') == 2
    fieldset = re.search(rf'<fieldset[^>]*id="criterion-{missing[0].pk}".*?</fieldset>', page, re.S).group(0)
    assert 'data-testid="criterion-unanswered"' in fieldset
    assert "Chưa chọn phương án cho 2 tiêu chí" in page


def test_completing_the_kept_draft_then_submits(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    url = reverse("evaluation:sheet_edit", args=[s.item.pk])
    assert client.post(url, _post(sheet, s.card, s.card.c["7"])).status_code == 400
    sheet.refresh_from_db()
    assert client.post(url, _post(sheet, s.card)).status_code == 302
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED
