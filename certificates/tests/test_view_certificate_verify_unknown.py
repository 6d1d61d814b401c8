"""A verification address that matches no certificate (a mistyped link, a forged label's QR code) gets its own page,
still a 404: no OCOP certificate matches, the label may be forged, and how to check by number instead."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("token", ["AK1lo2S1fa1aYcW4CvfsfJTU3Go1hwXY", "not-a-token", "mã-sai"])
def test_an_unknown_code_says_no_certificate_matches_and_how_to_check_by_number(client, token):
    response = client.get(reverse("certificates:certificate_verify", args=[token]))
    assert response.status_code == 404
    body = response.content.decode()
    assert 'data-testid="verify-unknown"' in body
    assert "Không có giấy chứng nhận OCOP nào khớp với mã xác minh này." in body
    assert "nhãn OCOP có thể là giả" in body
    assert f'href="{reverse("portal:certificate_lookup")}"' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_unknown_page_reads_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("certificates:certificate_verify", args=["not-a-token"]))
    assert response.status_code == 404
    assert "No OCOP certificate matches this verification code." in response.content.decode()
