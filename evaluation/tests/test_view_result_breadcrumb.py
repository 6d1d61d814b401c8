"""The result page's way back names its session by its date, as the score sheet's does ("Phiên họp 10/12/2026"):
a bare "Phiên họp" read as the list of sessions while it opens one of them."""

import pytest
from django.urls import reverse

from evaluation.models import CouncilResult
from evaluation.services.results import item_finalise

from .factories import setup_scoring, submit

pytestmark = pytest.mark.django_db


def test_the_breadcrumb_names_the_session_by_its_date(cast, login):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    if not CouncilResult.objects.filter(item=s.item).exists():
        item_finalise(item=s.item, by=cast.council_chair)
    page = login(cast.council_chair).get(reverse("evaluation:result_detail", args=[s.item.pk])).content.decode()
    session = reverse("evaluation:session_detail", args=[s.item.session_id])
    assert f'<a href="{session}">Phiên họp {s.item.session.date:%d/%m/%Y}</a>' in page
