"""The old criteria sets (148/2023, 1048/2019) are held as their parts' maximum points only. Their titles ended with
"(cấu trúc)", the editors' note for that, which round and dossier pages showed and nobody reading them understood:
the titles are plain now (load_criteria and a migration update a stored one), and those pages say in words what
holding only the structure means (no online scoring). The self-assessment (Mẫu 02) of a dossier with no scorecard
says that its criteria set has none to fill in online, not "choose one option per criterion"."""

import copy
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from evaluation.choices import LegalBasis
from evaluation.models import CriteriaVersion, EvaluationRound, Registration
from evaluation.services.criteria import DATA_DIR, criteria_load, criteria_load_all, criteria_read_file
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db

OLD_SETS = (LegalBasis.D148, LegalBasis.D1048)
PLAIN = "Hệ thống chỉ lưu điểm tối đa từng phần của bộ tiêu chí này"


def test_load_criteria_gives_the_old_sets_plain_titles_and_updates_a_stored_one():
    old = copy.deepcopy(criteria_read_file(DATA_DIR / "criteria-148-2023.json"))
    old["title"] += " (cấu trúc)"
    criteria_load(data=old, by=None)  # as loaded before this change
    assert CriteriaVersion.objects.get(legal_basis=LegalBasis.D148).title.endswith("(cấu trúc)")
    criteria_load_all()
    for basis in OLD_SETS:
        title = CriteriaVersion.objects.get(legal_basis=basis).title
        assert "cấu trúc" not in title and title.startswith("Quyết định số")


def test_the_migration_drops_the_note_from_a_stored_title():
    criteria_load_all()
    version = CriteriaVersion.objects.get(legal_basis=LegalBasis.D1048)
    plain = version.title
    CriteriaVersion.objects.filter(pk=version.pk).update(title=plain + " (cấu trúc)")
    importlib.import_module("evaluation.migrations.0036_criteria_titles_plain").drop(apps, None)
    assert CriteriaVersion.objects.get(pk=version.pk).title == plain


def _old_set_dossier(cast):
    criteria_load_all()
    version = CriteriaVersion.objects.get(legal_basis=LegalBasis.D148)
    registration = registration_in(cast)
    EvaluationRound.objects.filter(pk=registration.round_id).update(criteria_version=version)
    Registration.objects.filter(pk=registration.pk).update(criteria_version=version, scorecard=None)
    return registration


def test_the_round_and_dossier_pages_say_what_an_old_set_held_as_structure_means(cast, login):
    registration = _old_set_dossier(cast)
    client = login(cast.province_officer)
    for url in (
        reverse("evaluation:round_detail", args=[registration.round_id]),
        reverse("evaluation:registration_detail", args=[registration.pk]),
    ):
        html = " ".join(client.get(url).content.decode().split())
        assert "cấu trúc" not in html
        assert "Quyết định số 148/QĐ-TTg ngày 24/02/2023" in html
        assert 'data-testid="criteria-structure-only"' in html and PLAIN in html


def test_the_pages_of_a_current_set_do_not(cast, login):
    registration = registration_in(cast)
    html = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert 'data-testid="criteria-structure-only"' not in html.content.decode()


def test_the_self_assessment_of_a_dossier_with_no_scorecard_says_so_in_words(cast, login):
    registration = _old_set_dossier(cast)
    client = login(cast.producer_owner)
    url = reverse("evaluation:registration_selfassessment", args=[registration.pk])
    html = " ".join(client.get(url).content.decode().split())
    assert "Chọn một phương án cho mỗi tiêu chí" not in html
    assert (
        "Hồ sơ này đánh giá theo QĐ 148/QĐ-TTg (2023): bộ tiêu chí đó không có phiếu tự đánh giá để điền trực tuyến."
        in html
    )
    client.cookies["django_language"] = "en"
    english = " ".join(client.get(url).content.decode().split())
    assert "has no self-assessment scorecard to fill in online" in english


def test_the_self_assessment_with_a_scorecard_still_asks_for_one_option_per_criterion(cast, login):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_selfassessment", args=[registration.pk])
    html = " ".join(login(cast.producer_owner).get(url).content.decode().split())
    assert "Chọn một phương án cho mỗi tiêu chí" in html and 'data-testid="sa-no-scorecard"' not in html
