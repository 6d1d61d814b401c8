"""A Phrase keeps a message untranslated with its values and translates it for whoever reads it."""

import json
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from ocop.choices import Role
from ocop.models import Notification
from ocop.phrases import Phrase, phrase_lines, phrase_load
from ocop.services import notify

# Entries of the English catalogue.
SUPPLEMENT = gettext_lazy("Tổ tư vấn yêu cầu bổ sung hồ sơ “%(p)s”: %(r)s")
REASON = gettext_lazy("Lý do loại: %(r)s")
POINTS = gettext_lazy(
    "Sản phẩm “%(p)s” không đủ điều kiện công nhận sản phẩm OCOP: điểm trung bình của Hội đồng là %(m)s "
    "điểm, tương ứng %(s)s sao (công nhận từ 3 sao)."
)


def _read(phrase, language):
    with translation.override(language):
        return str(phrase)


def test_it_is_written_in_one_language_and_read_in_another():
    with translation.override("en"):  # the writer's UI
        phrase = Phrase(SUPPLEMENT, p="Mật ong", r="Nhãn thiếu hạn sử dụng")
    assert _read(phrase, "vi") == "Tổ tư vấn yêu cầu bổ sung hồ sơ “Mật ong”: Nhãn thiếu hạn sử dụng"
    assert _read(phrase, "en") == (
        "The advisory team requests additional documents for dossier “Mật ong”: Nhãn thiếu hạn sử dụng"
    )
    assert phrase.source() == _read(phrase, "vi")


def test_it_survives_json_with_translatable_values_points_and_lines():
    with translation.override("en"):
        phrase = Phrase.join(
            [
                Phrase(POINTS, p="Mật ong", m=Decimal("60.50"), s=2),
                Phrase(REASON, r=Role.PRODUCER.label),  # a lazy label is translated with the message
            ]
        )
    stored = json.loads(json.dumps(phrase.to_json()))
    loaded = Phrase.from_json(stored)
    assert loaded == phrase
    vietnamese, english = _read(loaded, "vi").split("\n"), _read(loaded, "en").split("\n")
    assert "60,50 điểm" in vietnamese[0] and "60.50 points" in english[0]
    with translation.override("vi"):
        label_vi = str(Role.PRODUCER.label)
    with translation.override("en"):
        label_en = str(Role.PRODUCER.label)
    assert label_vi != label_en
    assert vietnamese[1].endswith(label_vi) and english[1].endswith(label_en)


def test_a_translation_that_lost_a_placeholder_still_reads(monkeypatch):
    phrase = Phrase(REASON, r="Giả mạo hồ sơ")
    monkeypatch.setattr("ocop.phrases.gettext", lambda text: "Reason: %(missing)s")
    assert str(phrase) == "Lý do loại: Giả mạo hồ sơ"


def test_a_task_queued_with_text_is_still_understood():
    assert phrase_load("Đã tiếp nhận.") == "Đã tiếp nhận."
    assert phrase_lines("Một\n\nHai") == ["Một", "Hai"]
    phrase = Phrase(REASON, r="x")
    assert phrase_load(phrase.to_json()) == phrase and phrase_lines(phrase.to_json()) == [phrase]


@pytest.mark.django_db
def test_notify_keeps_the_phrase_and_a_vietnamese_copy(cast):
    with translation.override("en"):
        notify(users=[cast.producer_owner, None], message=Phrase(SUPPLEMENT, p="Mật ong", r="Thiếu nhãn"))
    notice = Notification.objects.get(user=cast.producer_owner)
    assert notice.message == "Tổ tư vấn yêu cầu bổ sung hồ sơ “Mật ong”: Thiếu nhãn"
    with translation.override("en"):
        assert notice.text.startswith("The advisory team requests")


@pytest.mark.django_db
def test_notify_refuses_text_already_translated(cast):
    with translation.override("en"), pytest.raises(TypeError):
        notify(users=[cast.producer_owner], message=gettext("Chưa có thông báo."))
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("count", "noun"), [(1, "item"), (3, "items")])
def test_a_counted_phrase_takes_the_readers_plural_form(count, noun):
    text = "Kiểm tra, giám sát: %(n)s việc quá hạn hoặc sắp đến hạn"
    phrase = Phrase.from_json(json.loads(json.dumps(Phrase.counted(text, text, "n", n=count).to_json())))
    assert _read(phrase, "vi") == f"Kiểm tra, giám sát: {count} việc quá hạn hoặc sắp đến hạn"
    assert _read(phrase, "en") == f"Inspection and supervision: {count} {noun} overdue or due soon"


@pytest.mark.parametrize(
    ("days", "english"), [(-1, "expired 1 day ago"), (-4, "expired 4 days ago"), (1, "1 day left")]
)
def test_the_expiry_lists_days_read_right_in_english(days, english):
    from certificates.templatetags.certificate_ui import _days_left_text

    with translation.override("en"):
        assert _days_left_text(days) == english


def test_a_context_is_kept_through_json_and_read_with_its_words():
    # "Loại hồ sơ" is a button ("Disqualify dossier") and, in the audit log, what happened ("Dossier
    # disqualified"): a phrase that kept only the words read the button's wording.
    from django.utils.translation import pgettext_lazy

    phrase = Phrase(pgettext_lazy("audit", "Loại hồ sơ"))
    loaded = Phrase.from_json(json.loads(json.dumps(phrase.to_json())))
    assert loaded.to_json() == {"text": "Loại hồ sơ", "context": "audit"}
    assert (_read(loaded, "en"), _read(loaded, "vi")) == ("Dossier disqualified", "Loại hồ sơ")
    assert _read(Phrase(gettext_lazy("Loại hồ sơ")), "en") == "Disqualify dossier"
