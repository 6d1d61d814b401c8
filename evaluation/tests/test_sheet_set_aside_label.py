"""A sheet set aside (a late recusal, or a written-opinion member recorded as giving no opinion: services.conflicts)
is kept but counts nowhere. Its status read "Đã thay thế" (replaced), as if another sheet had taken its place, which
none has: it reads "Đã để riêng (không tính)", the words the member's own pages use. Where a status is shown: the
admin's list of sheets and its filter; the session page leaves such sheets out of its progress list (the member's
own line says "Phiếu được để riêng, không được tính"). (The clock is pinned to 02/12/2026.)"""

import pytest
from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.services.conflicts import conflict_declare

from .factories import save_draft, setup_scoring

pytestmark = pytest.mark.django_db

LABEL = "Đã để riêng (không tính)"
FIVE = (("council_third", "member"), ("council_fourth", "member"), ("council_fifth", "member"))


def test_a_set_aside_sheet_reads_set_aside_not_replaced(cast, login):
    assert SheetStatus.SUPERSEDED.label == LABEL
    s = setup_scoring(cast, extra_members=FIVE)
    draft = save_draft(s.item, s.member, s.card)
    conflict_declare(item=s.item, member=s.member, has_conflict=True, reason="Vợ là Giám đốc HTX", by=s.member.user)
    draft.refresh_from_db()
    assert draft.status == SheetStatus.SUPERSEDED

    admin = login(cast.admin)
    listing = admin.get(reverse("admin:evaluation_scoresheet_changelist")).content.decode()
    assert LABEL in listing and "Đã thay thế" not in listing
    detail = admin.get(reverse("admin:evaluation_scoresheet_change", args=[draft.pk])).content.decode()
    assert LABEL in detail and "Đã thay thế" not in detail

    session = reverse("evaluation:session_detail", args=[s.session.pk])
    page = login(cast.province_officer).get(session).content.decode()
    assert "Đã thay thế" not in page
