"""Mẫu 02 of a dossier with no scorecard (e.g. one filed under criteria whose sheets are not loaded, as the demo's
2019 Na Rì product re-filed on 10/04/2026 under 148/2023): the page says there is no sheet, and shows no running
total, whose star would read "None ★"."""

import pytest
from django.urls import reverse

from evaluation.models import Registration
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db


def test_no_total_and_no_none_star_without_a_scorecard(cast, login):
    registration = registration_in(cast)
    Registration.objects.filter(pk=registration.pk).update(scorecard=None)
    page = login(cast.producer_owner).get(reverse("evaluation:registration_selfassessment", args=[registration.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Chưa có phiếu đánh giá cho bộ sản phẩm này." in html
    assert "None" not in html
    assert 'data-testid="sa-total"' not in html
    assert "Báo cáo tự đánh giá (Mẫu 02)</h1>" in html  # no dangling " · " where the scorecard's name would be
