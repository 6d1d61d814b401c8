"""A submission refused for criteria left without a choice marks each of them beside its options, not only in the
list at the top of a sheet some 30 criteria long; one merely saved as a draft marks nothing."""

import re

import pytest
from django.urls import reverse

from .factories import choices_for, declare_and_open, setup_scoring

pytestmark = pytest.mark.django_db


def _fieldset(page, criterion):
    return re.search(rf'<fieldset[^>]*id="criterion-{criterion.pk}".*?</fieldset>', page, re.S).group(0)


def _post(sheet, card, action, missing):
    data = {f"c{k}": v for k, v in choices_for(card).items()}
    del data[f"c{missing.pk}"]
    return {**data, "version": sheet.version, "action": action, "comment": "Sản phẩm tốt"}


def test_each_criterion_without_a_choice_says_so_beside_it(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    missing, answered = s.card.c["7"], s.card.c["1.1"]
    response = login(cast.council_member).post(
        reverse("evaluation:sheet_edit", args=[s.item.pk]), _post(sheet, s.card, "submit", missing)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="criterion-unanswered"' in _fieldset(page, missing)
    assert "Chưa chọn phương án cho tiêu chí này." in _fieldset(page, missing)
    assert "border-danger" in _fieldset(page, missing).split(">", 1)[0]
    assert 'data-testid="criterion-unanswered"' not in _fieldset(page, answered)
    assert page.count('data-testid="criterion-unanswered"') == 1


def test_the_submit_url_marks_them_too(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    missing = s.card.c["7"]
    response = login(cast.council_member).post(
        reverse("evaluation:sheet_submit", args=[sheet.pk]), _post(sheet, s.card, "submit", missing)
    )
    assert response.status_code == 400
    assert 'data-testid="criterion-unanswered"' in _fieldset(response.content.decode(), missing)


def test_a_draft_saved_with_gaps_marks_nothing(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    url = reverse("evaluation:sheet_edit", args=[s.item.pk])
    assert client.post(url, _post(sheet, s.card, "save", s.card.c["7"])).status_code == 302
    assert 'data-testid="criterion-unanswered"' not in client.get(url).content.decode()


def test_a_conditional_criterion_whose_condition_scores_zero_is_not_marked(cast, login):
    """No product story (5.1 = 0): 5.2 "chỉ áp dụng khi có câu chuyện sản phẩm" needs no answer, so a submission
    refused for another criterion marks that one only, and the page says why 5.2 is left out."""
    s = setup_scoring(cast)
    story, structure = s.card.c["6.1"], s.card.c["7"]
    structure.applies_if = story
    structure.save(update_fields=["applies_if"])
    sheet = declare_and_open(s.item, s.member)
    post = _post(sheet, s.card, "submit", s.card.c["1.1"])
    post[f"c{story.pk}"] = story.option_pks[0]
    del post[f"c{structure.pk}"]
    response = login(cast.council_member).post(reverse("evaluation:sheet_edit", args=[s.item.pk]), post)
    page = response.content.decode()
    assert response.status_code == 400
    assert "1 tiêu chí: 1.1." in page
    assert 'data-testid="criterion-unanswered"' in _fieldset(page, s.card.c["1.1"])
    assert 'data-testid="criterion-unanswered"' not in _fieldset(page, structure)
    note = re.search(r'<div class="([^"]*)" data-testid="applies-if-zero"', _fieldset(page, structure)).group(1)
    assert "d-none" not in note
