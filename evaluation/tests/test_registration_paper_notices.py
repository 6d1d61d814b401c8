"""Who is told when a dossier goes back for completion. D26 Điều 7.3a: the province's OCOP office "thông báo và
hướng dẫn UBND cấp xã, chủ thể OCOP hoàn thiện hồ sơ", the commune as well as the producer. A producer without an
account files on paper with its commune (Điều 7.1), whose officer types in its dossier and what it sends later: what
the procedure tells that producer reaches the commune's officers, or nobody at all would know the dossier waits."""

import pytest

from evaluation.choices import RegistrationStatus as S
from evaluation.services.advisory import registration_request_supplement
from evaluation.services.transitions import registration_return
from evaluation.tests.factories import paper_registration_in, registration_in
from ocop.models import Notification

pytestmark = pytest.mark.django_db


def _told(user, text):
    return Notification.objects.filter(user=user, message__contains=text)


def test_the_province_returning_a_dossier_tells_the_commune_and_the_producer(cast):
    registration = registration_in(cast, status=S.FORWARDED)
    registration_return(registration=registration, by=cast.province_officer, reason="Thiếu văn bản của UBND xã")
    assert _told(cast.producer_owner, "Thiếu văn bản của UBND xã").count() == 1
    assert _told(cast.commune_officer, "Thiếu văn bản của UBND xã").count() == 1
    assert not _told(cast.other_commune_officer, "Thiếu văn bản").exists()


def test_a_paper_dossier_returned_by_the_province_reaches_its_commune_once(cast):
    registration = paper_registration_in(cast, status=S.FORWARDED)
    registration_return(registration=registration, by=cast.province_officer, reason="Bổ sung phiếu kiểm nghiệm")
    assert _told(cast.commune_officer, "Bổ sung phiếu kiểm nghiệm").count() == 1


def test_a_supplement_asked_of_a_producer_without_an_account_reaches_its_commune(cast, private_media):
    registration = paper_registration_in(cast, status=S.ADVISORY_REVIEW)
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Nhãn chưa đúng", document_kinds=["label"]
    )
    assert _told(cast.commune_officer, "Nhãn chưa đúng").count() == 1
    assert not _told(cast.other_commune_officer, "Nhãn chưa đúng").exists()


def test_the_commune_returning_a_paper_dossier_is_not_told_what_it_did_itself(cast):
    registration = paper_registration_in(cast, status=S.SUBMITTED)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn")
    assert not _told(cast.commune_officer, "Thiếu nhãn").exists()
