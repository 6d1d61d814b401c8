"""The session page's result buttons say what each result does for the product. Every result was drawn as the same
green "success" button, a 20-point dossier that no decision can recognise looking like a 4★ one: the button now takes
the style of its outcome (recognised, not recognised, waiting for the ministry's council) and says it in words, with
an icon, so that the colour is never the only sign."""

import re

import pytest
from django.urls import reverse

from evaluation.models import CouncilResult

from .factories import setup_scoring, submit

pytestmark = pytest.mark.django_db

# Each agenda item's marks, given alike by every member: 84 points (4★), 100 (a province's potential 5★), 20 (1★).
MARKS = {
    "recognised": {"c1": 15, "c2": 4},
    "pending": {"c2": 5},
    "not_recognised": {"a1": 0, "b1": 0, "c1": 0, "c2": 0},
}


def _session_with_three_results(cast):
    s = setup_scoring(cast, items=3)
    for item, marks in zip(s.items, MARKS.values(), strict=True):
        for member in s.members:
            submit(item, member, s.card, **marks)
    return s


def _buttons(page: str) -> dict[str, str]:
    """Each result button's opening tag and text, by the outcome it is marked with."""
    found = re.findall(
        r'(<a class="btn [^"]*"[^>]*data-testid="result-link" data-outcome="(\w+)">)(.*?)</a>', page, re.S
    )
    return {outcome: (tag, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for tag, outcome, text in found}


def test_each_result_button_has_the_style_and_the_words_of_its_outcome(cast, login):
    s = _session_with_three_results(cast)
    assert {item.result.outcome for item in s.items} == set(MARKS)
    page = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    buttons = _buttons(page)
    assert set(buttons) == set(MARKS)
    recognised, pending, refused = buttons["recognised"], buttons["pending"], buttons["not_recognised"]
    assert "btn-success" in recognised[0] and recognised[1].startswith("Đủ điều kiện công nhận · Kết quả:")
    assert "btn-warning" in pending[0] and pending[1].startswith(
        "Chờ Hội đồng cấp trung ương · Kết quả: tiềm năng 5 sao"
    )
    assert "btn-secondary" in refused[0] and refused[1].startswith("Không đủ điều kiện công nhận · Kết quả:")
    assert "20,00" in refused[1]
    # Only the recognised result is green.
    assert "btn-success" not in pending[0] + refused[0]


def test_an_upgrade_not_above_the_star_held_says_so_not_recognised(cast, login):
    """A 4★ upgrade of a product holding 4★ replaces nothing (Điều 7.5): not green, and it says why."""
    from products.models import Product

    s = setup_scoring(cast)
    type(s.registration).objects.filter(pk=s.registration.pk).update(kind="upgrade")
    Product.objects.filter(pk=s.registration.product_id).update(status="recognised", current_star=4)
    for member in s.members:
        submit(s.item, member, s.card, c1=15, c2=5)
    page = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    ((tag, text),) = _buttons(page).values()
    assert 'data-outcome="not_recognised"' in tag and "btn-secondary" in tag
    assert text.startswith("Không đạt nâng hạng · Kết quả:")


def test_the_session_page_with_every_outcome_passes_the_nu_html_checker(cast, login):
    from tests.markup.checker import assert_valid

    s = _session_with_three_results(cast)
    page = login(cast.council_chair).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert len(_buttons(page)) == 3
    assert_valid({"session": page})


@pytest.mark.parametrize(
    ("fields", "outcome"),
    [
        ({"final_star": 4, "recognisable": True}, "recognised"),
        ({"final_star": 3, "recognisable": True}, "recognised"),
        ({"final_star": 2, "recognisable": False}, "not_recognised"),
        ({"final_star": 0, "eliminated": True}, "not_recognised"),
        ({"final_star": 5, "recognisable": True, "potential_five": True}, "pending"),
        # an upgrade not above the star the product holds replaces nothing (Điều 7.5)
        ({"final_star": 4, "recognisable": True, "held_star": 4}, "not_recognised"),
        ({"final_star": 5, "recognisable": True, "level": "central"}, "recognised"),
    ],
)
def test_the_outcome_follows_where_the_result_takes_the_dossier(fields, outcome):
    result = CouncilResult(**{"level": "province", "mean_score": 0, "band_star": 0, **fields})
    assert result.outcome == outcome
