"""The councils' results give the star the result gives, as every page shows it (CouncilResult.star_shown): a
province's result of 90 or more is "tiềm năng 5 sao", which the Chủ tịch UBND tỉnh approves and sends to the ministry
without recognising a star (D26 Điều 7.3e, 4.1). The list said `final_star: 5` beside `potential_five: true`, so an
integrator counting final_star read a 5★ the province cannot award. The field keeps its name (/api/v1/) and its
description in the schema says what it means now."""

from decimal import Decimal

import pytest
from django.urls import reverse

from certificates.tests.factories import result_for
from evaluation.choices import Level

pytestmark = pytest.mark.django_db


def test_a_provinces_potential_five_stars_give_no_star_and_the_others_theirs(api, cast):
    potential = result_for(cast.producer, star=5, potential_five=True)
    # 90 or more with a 5★ minimum missed: the rule's star is 4, the result still the potential (star_rule).
    capped = result_for(cast.producer, star=4, band_star=5, mean_score=Decimal("91.00"), potential_five=True)
    four = result_for(cast.producer, star=4)
    central = result_for(cast.producer, star=5, level=Level.CENTRAL)
    eliminated = result_for(cast.producer, star=3, final_star=0, eliminated=True)
    response = api.as_("national_read").get(reverse("api:council_result_list"), {"page_size": 100})
    rows = {row["id"]: row for row in response.json()["results"]}
    given = {pk: (rows[pk]["final_star"], rows[pk]["potential_five"]) for pk in rows}
    assert given[potential.pk] == (0, True) and given[capped.pk] == (0, True)
    assert given[four.pk] == (4, False) and given[central.pk] == (5, False) and given[eliminated.pk] == (0, False)
    assert rows[potential.pk]["band_star"] == 5  # the band of the mean alone, documented as no recognised star
    for result in (potential, capped, four, central, eliminated):
        assert given[result.pk][0] == result.star_shown  # as the pages show it


def _result_schema(api, **params) -> dict:
    schema = api.as_(None).get(reverse("api:schema"), {"format": "json", **params}).json()
    return schema["components"]["schemas"]["CouncilResult"]["properties"]


def test_the_schema_says_what_final_star_and_potential_five_mean(api, cast):
    fields = _result_schema(api)
    assert fields["final_star"]["type"] == "integer" and fields["final_star"].get("readOnly")
    assert "tiềm năng 5 sao" in fields["final_star"]["description"]
    assert "Trước đây trường này trả 5" in fields["final_star"]["description"]
    assert "final_star là 0" in fields["potential_five"]["description"]
    assert "không phải hạng sao được công nhận" in fields["band_star"]["description"]
    english = _result_schema(api, lang="en")
    assert "potential 5" in english["final_star"]["description"]
