import subprocess

import pytest

from ocop.pdf import URL_FETCHER, font_urls, render_html


def test_it_uses_the_four_vendored_be_vietnam_pro_weights():
    urls = font_urls()
    assert sorted(urls) == ["400", "500", "600", "700"]
    assert all(u.startswith("file://") and u.endswith(".ttf") for u in urls.values())


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.png", "https://example.com/font.ttf", "ftp://example.com/a"])
def test_it_refuses_to_fetch_anything_but_files_and_data(url):
    with pytest.raises(Exception):  # noqa: B017 - WeasyPrint's own error type varies by version
        URL_FETCHER(url)


def test_it_embeds_the_font_and_keeps_vietnamese_text_exact(tmp_path):
    fonts = font_urls()
    html = (
        f"<style>@font-face {{ font-family: BVP; src: url({fonts['400']}); }} body {{ font-family: BVP; }}</style>"
        "<p>Miến dong Tài Hoan – Hợp tác xã Côn Minh</p>"
    )
    path = tmp_path / "t.pdf"
    path.write_bytes(render_html(html))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Miến dong Tài Hoan – Hợp tác xã Côn Minh" in text
    fonts_report = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "+BVP" in fonts_report  # the vendored TTF, subset and embedded
    assert all(line.split()[-5] == "yes" for line in fonts_report.splitlines()[2:])  # every font embedded
