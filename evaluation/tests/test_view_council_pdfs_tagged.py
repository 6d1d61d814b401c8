"""The council's PDFs are tagged, say what they are (title, author, date), the minutes print the names of the
secretary and the chair under their signature blocks, and the signed sheet uses the document's typeface only.
Checked with poppler (pdfinfo, pdffonts, pdftotext) and qpdf --check."""

import re
import subprocess

from django.urls import reverse

from .factories import setup_scoring, submit


def _run(tool: list[str], content: bytes) -> str:
    return subprocess.run([*tool, "-"], input=content, capture_output=True, check=True).stdout.decode()


def _info(content: bytes) -> dict[str, str]:
    lines = _run(["pdfinfo"], content).splitlines()
    return {key.strip(): value.strip() for key, _sep, value in (line.partition(":") for line in lines)}


def _qpdf_ok(content: bytes, tmp_path) -> bool:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


def test_the_minutes_are_tagged_titled_and_name_both_signers(cast, login, tmp_path):
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("thu_ky", "secretary")))
    for member in s.members:
        submit(s.item, member, s.card)
    secretary = next(m for m in s.members if m.role == "secretary")
    secretary.user.first_name, secretary.user.last_name = "Lê Thị", "Thư"
    secretary.user.save(update_fields=["first_name", "last_name"])
    response = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    assert response.status_code == 200
    info = _info(response.content)
    assert info["Tagged"] == "yes"
    assert s.session.date.strftime("%d/%m/%Y") in info["Title"] and s.council.name in info["Title"]
    assert info["Author"] == s.council.name and info["CreationDate"]
    assert 'pdfuaid:part="1"' in _run(["pdfinfo", "-meta"], response.content)  # declares PDF/UA-1
    text = " ".join(_run(["pdftotext", "-"], response.content).split())
    signatures = text[text.index("THƯ KÝ") :]
    assert str(secretary.user) in signatures and str(cast.council_chair) in signatures
    assert _qpdf_ok(response.content, tmp_path)


def test_the_signed_sheet_is_tagged_titled_and_uses_one_typeface(cast, login, tmp_path):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    response = login(cast.council_member).get(reverse("evaluation:sheet_pdf", args=[sheet.pk]))
    assert response.status_code == 200
    info = _info(response.content)
    assert info["Tagged"] == "yes"
    assert str(cast.council_member) in info["Title"] and s.registration.product.name in info["Title"]
    assert info["Author"] == str(cast.council_member) and info["CreationDate"]
    fonts = _run(["pdffonts"], response.content).splitlines()[2:]
    assert fonts and all("Be-Vietnam-Pro" in line for line in fonts), fonts  # no DejaVu Sans Mono for the digest
    assert all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    assert _qpdf_ok(response.content, tmp_path)


def test_the_signed_sheet_is_downloaded_under_its_product_and_members_names(cast, login):
    """It was "phieu-danh-gia-<database id>-v1.pdf": the same-looking name for every member and product."""
    from ocop.text import file_slug

    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    response = login(cast.council_member).get(reverse("evaluation:sheet_pdf", args=[sheet.pk]))
    product, member = file_slug(s.registration.product.name), file_slug(cast.council_member)
    assert product and member
    assert re.search(rf'filename="phieu-danh-gia-{product}-{member}-v\d+\.pdf"', response["Content-Disposition"])


def test_a_file_slug_keeps_every_letter_of_a_vietnamese_name():
    from ocop.text import file_slug

    assert file_slug("Miến dong Tài Hoan") == "mien-dong-tai-hoan"
    assert file_slug("Tỉnh Đắk Lắk") == "tinh-dak-lak"
    assert file_slug("  HTX  Việt–Cường / 2026 ") == "htx-viet-cuong-2026"


def test_the_minutes_do_not_have_an_absent_secretary_sign_them(cast, login):
    """The roll marked the secretary absent, yet the minutes printed their name under "THƯ KÝ": the block is for
    whoever kept the minutes, and names no one."""
    from evaluation.services.councils import session_set_attendance

    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("thu_ky", "secretary")))
    secretary = next(m for m in s.members if m.role == "secretary")
    present = {m.pk for m in s.members} - {secretary.pk}
    session_set_attendance(session=s.session, present_member_ids=present, by=cast.province_officer)
    secretary.user.first_name, secretary.user.last_name = "Lê Thị", "Thư"
    secretary.user.save(update_fields=["first_name", "last_name"])
    response = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    assert response.status_code == 200
    text = " ".join(_run(["pdftotext", "-"], response.content).split())
    assert "THƯ KÝ" not in text
    signatures = text[text.index("NGƯỜI GHI BIÊN BẢN") :]
    assert str(secretary.user) not in signatures and str(cast.council_chair) in signatures
    assert f"{secretary.user} " in text  # still listed, as absent, among the members
