"""The result page separates the part means ("A: 24,00 · B: 15,00", not "A: 24,00B: 15,00") and prints points
with the Vietnamese decimal comma (issue 12 item 15)."""

import re

import pytest
from django.urls import reverse

from evaluation.models import CouncilResult
from evaluation.services.results import item_finalise

from .factories import setup_scoring, submit

pytestmark = pytest.mark.django_db


def test_the_part_means_are_separated_and_use_a_comma(cast, login):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    if not CouncilResult.objects.filter(item=s.item).exists():
        item_finalise(item=s.item, by=cast.council_chair)
    page = login(cast.council_chair).get(reverse("evaluation:result_detail", args=[s.item.pk])).content.decode()
    means = re.search(r'data-testid="part-means">(.*?)</span></span>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", means)
    assert re.fullmatch(r"A: \d+,\d\d · B: \d+,\d\d · C: \d+,\d\d", text), text
    mean = re.search(r'data-testid="result-mean">([^<]*)<', page).group(1)
    assert re.fullmatch(r"\d+,\d\d", mean), mean
