"""The council's result page names the dossier it is the result of and links it: the demo's chair and provincial
officer, on Miến dong Tân An's result, found no way from it to the dossier (the next step, its decision, starts
there), only back to the session."""

import pytest
from django.urls import reverse

from evaluation.models import CouncilResult
from evaluation.services.results import item_finalise

from .factories import setup_scoring, submit

pytestmark = pytest.mark.django_db


def test_the_result_page_links_its_dossier_for_whoever_may_read_it(cast, login):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    if not CouncilResult.objects.filter(item=s.item).exists():
        item_finalise(item=s.item, by=cast.council_chair)
    dossier = reverse("evaluation:registration_detail", args=[s.item.registration_id])
    for user in (cast.council_chair, cast.province_officer):
        client = login(user)
        page = client.get(reverse("evaluation:result_detail", args=[s.item.pk])).content.decode()
        assert f'href="{dossier}" data-testid="result-dossier"' in page, user
        assert client.get(dossier).status_code == 200, user
