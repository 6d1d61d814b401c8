"""Council members open a dossier only when the council work needs it (issue 6): an assigned member after declaring
"no conflict" for that agenda item, the chair and the secretary for every dossier on their council's agendas.
Everyone else with the council_member role gets a 404, on the pages and on the files."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from evaluation.models import DossierDocument, Registration
from evaluation.tests.factories import PDF_BYTES, declare_and_open, make_registration, setup_scoring

pytestmark = pytest.mark.django_db


def _document(registration):
    name = default_storage.save(f"dossiers/{registration.pk}/nhan.pdf", ContentFile(PDF_BYTES))
    return DossierDocument.objects.create(
        registration=registration,
        kind="label",
        file=name,
        original_name="nhan.pdf",
        sha256="0" * 64,
        size=len(PDF_BYTES),
        content_type="application/pdf",
    )


def _status(client, registration, document):
    return (
        client.get(reverse("evaluation:registration_detail", args=[registration.pk])).status_code,
        client.get(reverse("evaluation:registration_documents", args=[registration.pk])).status_code,
        client.get(reverse("evaluation:document_download", args=[document.pk])).status_code,
    )


@pytest.fixture
def scoring(cast, private_media):
    s = setup_scoring(cast, extra_members=(("council_secretary", "secretary"), ("council_third", "member")))
    s.document = _document(s.registration)
    return s


def test_a_council_member_on_no_council_sees_nothing(cast, login, private_media):
    from evaluation.tests.factories import make_scorecard

    registration = make_registration(cast, make_scorecard())
    document = _document(registration)
    client = login(cast.council_member)
    assert _status(client, registration, document) == (404, 404, 404)
    response = client.get(reverse("evaluation:registration_list"))
    assert response.status_code == 200 and registration.product.name not in response.content.decode()
    assert not Registration.objects.for_user(cast.council_member).exists()


def test_an_assigned_member_sees_the_dossier_only_after_declaring_no_conflict(cast, login, scoring):
    client = login(cast.council_member)
    assert _status(client, scoring.registration, scoring.document) == (404, 404, 404)
    assert not Registration.objects.for_user(cast.council_member).exists()

    declare_and_open(scoring.item, scoring.member)

    assert _status(client, scoring.registration, scoring.document) == (200, 200, 200)
    assert list(Registration.objects.for_user(cast.council_member)) == [scoring.registration]


def test_a_recused_member_does_not_see_the_dossier(cast, login, scoring):
    declare_and_open(scoring.item, scoring.member, conflict=True, reason="Người thân của chủ thể")
    assert _status(login(cast.council_member), scoring.registration, scoring.document) == (404, 404, 404)
    assert not Registration.objects.for_user(cast.council_member).exists()


def test_declaring_on_another_item_does_not_open_this_one(cast, login, private_media):
    s = setup_scoring(cast, items=2)
    declare_and_open(s.items[0], s.member)
    assert list(Registration.objects.for_user(cast.council_member)) == [s.items[0].registration]
    client = login(cast.council_member)
    assert client.get(reverse("evaluation:registration_detail", args=[s.items[1].registration_id])).status_code == 404


def test_an_unassigned_member_does_not_see_the_dossier_even_after_declaring(cast, login, scoring):
    from evaluation.models.councils import Assignment
    from evaluation.models.scoresheets import ConflictDeclaration

    Assignment.objects.filter(item=scoring.item, member=scoring.member).delete()
    ConflictDeclaration.objects.create(item=scoring.item, member=scoring.member, has_conflict=False)
    assert not Registration.objects.for_user(cast.council_member).exists()


def test_an_inactive_member_loses_access(cast, scoring):
    declare_and_open(scoring.item, scoring.member)
    scoring.member.active = False
    scoring.member.save(update_fields=["active"])
    assert not Registration.objects.for_user(cast.council_member).exists()


@pytest.mark.parametrize("who", ["council_chair", "council_secretary"])
def test_the_chair_and_the_secretary_see_the_agenda_dossiers_without_declaring(cast, login, private_media, who):
    from ocop.models import User

    s = setup_scoring(cast, extra_members=(("council_secretary", "secretary"),), items=2)
    outside = make_registration(cast, s.card, name="Sản phẩm ngoài chương trình")
    user = getattr(cast, who, None) or User.objects.get(username=who)
    document = _document(s.registration)
    client = login(user)
    assert _status(client, s.registration, document) == (200, 200, 200)
    assert set(Registration.objects.for_user(user)) == {item.registration for item in s.items}
    assert client.get(reverse("evaluation:registration_detail", args=[outside.pk])).status_code == 404
    page = client.get(reverse("evaluation:registration_list")).content.decode()
    assert "Sản phẩm 1" in page and "Sản phẩm 2" in page and outside.product.name not in page


def test_the_council_member_query_is_one_query_without_duplicates(cast, scoring, django_assert_num_queries):
    declare_and_open(scoring.item, scoring.member)
    for user in (cast.council_member, cast.council_chair):
        with django_assert_num_queries(1):
            rows = list(Registration.objects.for_user(user))
        assert rows == [scoring.registration]


def test_province_officers_and_viewers_keep_the_province_scope(cast):
    from evaluation.tests.factories import make_scorecard

    registration = make_registration(cast, make_scorecard())
    for user in (cast.province_officer, cast.viewer, cast.advisory_member):
        assert list(Registration.objects.for_user(user)) == [registration]
