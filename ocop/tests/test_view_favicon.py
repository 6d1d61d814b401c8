from pathlib import Path

from django.conf import settings
from django.templatetags.static import static


def test_it_sends_a_browser_asking_for_favicon_ico_to_the_sites_icon(client):
    # The admin's pages name no icon: the browser asked for /favicon.ico and got a 404.
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("img/favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
    assert (Path(settings.BASE_DIR) / "static" / "img" / "favicon.svg").read_text().lstrip().startswith("<svg")
    assert client.post("/favicon.ico").status_code == 405
