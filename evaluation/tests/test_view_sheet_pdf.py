"""The signed PDF of a submitted sheet (ocop-domain.md §7: freeze each submitted sheet with a timestamp and render
it as a signed PDF): built from the frozen copy, fingerprinted, and as confidential as the scores themselves."""

import copy
import hashlib
import json
import subprocess

import pytest
from django.urls import reverse

from evaluation.models.criteria import KnockoutRule
from evaluation.models.scoresheets import SheetRevision
from evaluation.services.sheet_submission import revision_digest, scoresheet_reopen

from .factories import save_draft, setup_scoring, submit


def _text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def _url(sheet, version=None):
    url = reverse("evaluation:sheet_pdf", args=[sheet.pk])
    return f"{url}?v={version}" if version else url


def test_it_gives_the_member_a_signed_pdf_of_the_frozen_sheet(cast, login):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card, c1=15, c2=4)  # 84
    revision = SheetRevision.objects.get(sheet=sheet, kind="submit")
    assert len(revision.digest) == 64 and revision.digest == revision_digest(revision)
    response = login(cast.council_member).get(_url(sheet))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP" in text and s.registration.product.name in text
    assert "Council Member" in text and "Ký điện tử" in text and revision.digest in text.replace(" ", "")
    assert "84/100" in text and "Phương án 15 điểm" in text


def test_its_fingerprint_shows_a_later_change_to_the_stored_copy(cast):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    revision = SheetRevision.objects.get(sheet=sheet, kind="submit")
    revision.snapshot["scores"][str(s.card.c["7"].pk)]["points"] = 0
    assert revision_digest(revision) != revision.digest


def test_it_keeps_the_first_submission_and_says_it_was_reopened(cast, login):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card, c2=5)
    first = SheetRevision.objects.get(sheet=sheet, kind="submit").version
    scoresheet_reopen(sheet=sheet, reason="Chấm nhầm tiêu chí 7", by=cast.council_chair)
    sheet.refresh_from_db()
    from evaluation.services.scoresheets import SheetInput
    from evaluation.services.sheet_submission import scoresheet_submit

    from .factories import choices_for

    scoresheet_submit(
        sheet=sheet,
        version=sheet.version,
        data=SheetInput(choices=choices_for(s.card, c2=1), comments={}),
        by=sheet.member.user,
    )
    client = login(cast.council_member)
    old = _text(client.get(_url(sheet, first)).content)
    assert "100/100" in old and "Chấm nhầm tiêu chí 7" in old
    latest = _text(client.get(_url(sheet)).content)
    assert "96/100" in latest and "Chấm nhầm" not in latest


def test_it_keeps_other_members_sheets_from_everyone_until_the_result(cast, login):
    """The chair's own sheet being in opened the others' signed sheets to the chair while the council was still
    scoring (the Quy chế: nothing is disclosed before the evaluation ends)."""
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    save_draft(s.item, s.chair, s.card)
    assert login(cast.council_chair).get(_url(sheet)).status_code == 403  # chair with a draft
    assert login(cast.province_officer).get(_url(sheet)).status_code == 403  # manager before the result
    assert login(s.others[0].user).get(_url(sheet)).status_code == 403  # plain member
    submit(s.item, s.chair, s.card)
    assert login(cast.council_chair).get(_url(sheet)).status_code == 403  # chair with their own sheet in
    submit(s.item, s.others[0], s.card)  # the last sheet: the chair takes the result
    assert login(cast.council_chair).get(_url(sheet)).status_code == 200
    assert login(cast.province_officer).get(_url(sheet)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "other_commune_officer", "producer_owner"])
def test_it_returns_404_to_people_outside_the_council(cast, login, who):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    assert login(getattr(cast, who)).get(_url(sheet)).status_code == 404


def test_it_returns_404_for_a_draft_a_missing_sheet_or_version_and_405_for_post(cast, login):
    s = setup_scoring(cast)
    draft = save_draft(s.item, s.member, s.card)
    client = login(cast.council_member)
    assert client.get(_url(draft)).status_code == 404
    assert client.get(reverse("evaluation:sheet_pdf", args=[999999])).status_code == 404
    submit(s.item, s.member, s.card)
    assert client.get(_url(draft, 99)).status_code == 404
    assert client.post(_url(draft)).status_code == 405


def test_it_links_the_signed_sheets_from_the_result_page(cast, login):
    s = setup_scoring(cast)
    sheets = [submit(s.item, m, s.card) for m in (s.chair, s.member, s.others[0])]
    url = reverse("evaluation:result_detail", args=[s.item.pk])
    chair_page = login(cast.council_chair).get(url).content.decode()
    assert all(_url(sheet) in chair_page for sheet in sheets)
    member_page = login(cast.council_member).get(url).content.decode()
    assert _url(sheets[1]) in member_page and _url(sheets[0]) not in member_page


def test_it_explains_a_conditional_criterion_counted_zero(cast, login):
    s = setup_scoring(cast)
    story, structure = s.card.c["6.1"], s.card.c["7"]
    structure.applies_if = story
    structure.save(update_fields=["applies_if"])
    sheet = submit(s.item, s.member, s.card, c1=0, c2=5)  # 7 chosen at 5 points, but 6.1 is 0
    assert sheet.total == 20 + 20 + 25
    text = _text(login(cast.council_member).get(_url(sheet)).content)
    assert "tính 0 điểm: chỉ áp dụng khi tiêu chí 6.1 có điểm" in text


def test_it_explains_a_conditional_criterion_left_without_a_choice_as_not_applicable(cast, login):
    """No story (6.1 = 0 here, 5.1 on the scorecards): 7 (5.2) needs no choice; the sheet says why it counts 0."""
    from evaluation.models import ScoreSheet
    from evaluation.services.scoresheets import SheetInput
    from evaluation.services.sheet_submission import scoresheet_submit

    from .factories import choices_for, declare_and_open

    s = setup_scoring(cast)
    story, structure = s.card.c["6.1"], s.card.c["7"]
    structure.applies_if = story
    structure.save(update_fields=["applies_if"])
    sheet = declare_and_open(s.item, s.member)
    choices = choices_for(s.card, c1=0)
    del choices[structure.pk]
    scoresheet_submit(
        sheet=sheet, version=sheet.version, data=SheetInput(choices=choices, comments={}), by=s.member.user
    )
    text = _text(login(cast.council_member).get(_url(ScoreSheet.objects.get(pk=sheet.pk))).content)
    assert "tính 0 điểm: chỉ áp dụng khi tiêu chí 6.1 có điểm" in text and "65/100" in text


def _head(s, **producer_fields):
    """The dossier's product (with its code) and producer as the sheet's head prints them."""
    product = s.registration.product
    product.code_province, product.code_commune, product.code_serial, product.code_year = "90", "90001", 7, 2026
    product.save(update_fields=["code_province", "code_commune", "code_serial", "code_year"])
    producer = product.producer
    for field, value in producer_fields.items():
        setattr(producer, field, value)
    producer.save(update_fields=list(producer_fields))
    return product, producer


def test_it_prints_the_head_of_the_official_sheet_as_it_stood_at_submission(cast, login):
    """D26 Phụ lục II ("kiêm phiếu đánh giá"): the sheet's head names the product, its code, the producer, its phone
    and its address, and carries the "Hồ sơ bị loại khi" line, as the blank scorecard does. The signed sheet printed
    the product's and producer's names only, and from today's records."""
    s = setup_scoring(cast)
    KnockoutRule.objects.create(scorecard=s.card, code="dossier", text="Hồ sơ bị loại khi: Giả mạo hồ sơ", order=1)
    _product, producer = _head(s, phone="0209 3884 000", address="Thôn Nà Đon")
    sheet = submit(s.item, s.member, s.card)
    producer.name, producer.phone, producer.address = "HTX Nà Đon", "0912 000 111", "Thôn Bản Mới"  # since then
    producer.save(update_fields=["name", "phone", "address"])
    text = _text(login(cast.council_member).get(_url(sheet)).content)
    assert "Bộ sản phẩm: " + s.card.title in text
    assert "Tên sản phẩm: Sản phẩm 1 Mã số sản phẩm: 90-90001-7-2026 T: Mã tỉnh - X: Mã xã" in text
    assert "Tên chủ thể sản xuất: HTX Tài Hoan Số điện thoại: 0209 3884 000" in text
    assert "Địa chỉ: Thôn Nà Đon, xã Hoà An, tỉnh Thử Nghiệm Hồ sơ bị loại khi: Giả mạo hồ sơ" in text
    assert "HTX Nà Đon" not in text and "0912" not in text and "Bản Mới" not in text
    assert "in theo dữ liệu hiện nay" not in text


def test_the_head_is_fingerprinted_and_a_sheet_frozen_before_it_keeps_its_own(cast, login):
    """New submissions freeze the head with the choices, under the digest. A sheet submitted before kept no head: its
    stored copy and digest stay as they were (the same canonical JSON as migration 0013), and its PDF prints today's
    product and producer and says so."""
    s = setup_scoring(cast)
    _head(s, phone="0209 3884 000")
    sheet = submit(s.item, s.member, s.card)
    revision = SheetRevision.objects.get(sheet=sheet, kind="submit")
    assert revision.snapshot["header"] == {
        "product_name": "Sản phẩm 1",
        "product_code": "90-90001-7-2026",
        "producer_name": "HTX Tài Hoan",
        "producer_phone": "0209 3884 000",
        "producer_address": "xã Hoà An, tỉnh Thử Nghiệm",
    }
    changed = copy.deepcopy(revision)
    changed.snapshot["header"]["producer_phone"] = "0912 000 111"
    assert revision_digest(changed) != revision.digest == revision_digest(revision)

    del revision.snapshot["header"]  # as kept before the head was frozen
    payload = {
        "sheet": sheet.pk,
        "item": sheet.item_id,
        "registration": s.registration.pk,
        "member": sheet.member_id,
        "user": sheet.member.user.username,
        "kind": revision.kind,
        "version": revision.version,
        "total": str(revision.total),
        "snapshot": revision.snapshot,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    revision.digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    revision.save(update_fields=["snapshot", "digest"])
    assert revision_digest(revision) == revision.digest
    _head(s, phone="0912 000 111")
    text = _text(login(cast.council_member).get(_url(sheet)).content)
    assert "Số điện thoại: 0912 000 111" in text and revision.digest in text.replace(" ", "")
    assert "các dòng trên in theo dữ liệu hiện nay" in text
