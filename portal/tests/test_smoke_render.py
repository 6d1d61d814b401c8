import pytest
from django.urls import reverse

from .factories import certified

pytestmark = pytest.mark.django_db


def test_it_renders_every_public_page(cast, client):
    p = certified(cast.producer, name="Miến dong Tài Hoan", star=4)
    for url in [
        reverse("home"),
        reverse("portal:catalogue"),
        reverse("portal:catalogue") + "?q=mien+dong&star=4",
        reverse("portal:product_short", args=[p.pk]),
        reverse("portal:map"),
        reverse("portal:map_province", args=[cast.province.pk]),
        reverse("portal:open_data"),
        reverse("portal:open_data_csv"),
        reverse("portal:open_data_json"),
        reverse("sitemap_xml"),
        reverse("robots_txt"),
        reverse("portal:producer_short", args=[cast.producer.pk]),
    ]:
        r = client.get(url, follow=True)
        assert r.status_code == 200, url
