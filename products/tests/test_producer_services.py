import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.models import AuditEvent, OutboxMessage, User
from ocop.testing import mail_server_back_and_relayed
from products.models import Producer
from products.services import producer_create, producer_invite_member, producer_update
from products.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def _data(cast, **extra):
    return {
        "kind": "coop",
        "name": "HTX Miến dong Côn Minh",
        "commune": cast.commune,
        "tax_code": "0100109106",
        "legal_rep_name": "Nguyễn Thị Hoan",
        "legal_rep_gender": "female",
        **extra,
    }


def test_it_creates_a_producer_with_a_search_key_and_an_audit_row(cast):
    producer = producer_create(by=cast.commune_officer, data=_data(cast))
    assert producer.search_text.startswith("htx mien dong con minh")
    event = AuditEvent.objects.get(action="producer.create", target_id=str(producer.pk))
    assert event.actor == cast.commune_officer
    assert event.changes["name"] == [None, "HTX Miến dong Côn Minh"]


def test_it_refuses_a_commune_outside_the_officers_scope(cast):
    with pytest.raises(ValidationError) as exc:
        producer_create(by=cast.commune_officer, data=_data(cast, commune=cast.other_commune))
    assert "commune" in exc.value.message_dict
    assert not Producer.objects.filter(name="HTX Miến dong Côn Minh").exists()


def test_it_lets_the_province_officer_use_any_commune_of_the_province(cast):
    producer = producer_create(by=cast.province_officer, data=_data(cast, commune=cast.other_commune))
    assert producer.commune == cast.other_commune


def test_it_rejects_a_wrong_tax_code_and_a_duplicate(cast):
    with pytest.raises(ValidationError) as exc:
        producer_create(by=cast.commune_officer, data=_data(cast, tax_code="0100109107"))
    assert "tax_code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        producer_create(by=cast.commune_officer, data=_data(cast, tax_code=cast.producer.tax_code))
    assert "tax_code" in exc.value.message_dict


def test_it_allows_several_households_without_tax_code(cast):
    producer_create(by=cast.commune_officer, data=_data(cast, kind="household", name="Hộ A", tax_code=""))
    producer_create(by=cast.commune_officer, data=_data(cast, kind="household", name="Hộ B", tax_code=""))
    assert Producer.objects.filter(tax_code__isnull=True, name__startswith="Hộ").count() == 2


@pytest.mark.parametrize("role", ["producer_owner", "viewer", "council_member"])
def test_it_forbids_non_officers_to_create(cast, role):
    with pytest.raises(PermissionDenied):
        producer_create(by=getattr(cast, role), data=_data(cast))


def test_it_records_what_changed_on_update(cast):
    producer_update(producer=cast.producer, by=cast.commune_officer, data={"phone": "0912345678"})
    event = AuditEvent.objects.get(action="producer.update", target_id=str(cast.producer.pk))
    assert event.changes == {"phone": ["", "0912345678"]}


def test_it_keeps_verified_fields_read_only_for_the_producer(cast):
    producer_update(producer=cast.producer, by=cast.commune_officer, data={"verified_fields": ["legal_rep_name"]})
    with pytest.raises(ValidationError) as exc:
        producer_update(producer=cast.producer, by=cast.producer_owner, data={"legal_rep_name": "Người khác"})
    assert "legal_rep_name" in exc.value.message_dict
    producer_update(producer=cast.producer, by=cast.producer_owner, data={"phone": "0987654321"})
    cast.producer.refresh_from_db()
    assert cast.producer.legal_rep_name == "Nguyễn Thị Hoan"
    assert cast.producer.phone == "0987654321"


def test_it_never_lets_a_producer_move_its_commune(cast):
    with pytest.raises(ValidationError):
        producer_update(producer=cast.producer, by=cast.producer_owner, data={"commune": cast.other_commune})


def test_it_invites_a_producer_user_who_sets_a_password_by_link(cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = producer_invite_member(producer=cast.producer, email="Hoan@Example.VN", by=cast.commune_officer)
    assert user.role == "producer" and not user.has_usable_password()
    assert cast.producer.members.filter(pk=user.pk).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["hoan@example.vn"]
    assert "/accounts/reset/" in mailoutbox[0].body


def test_an_invitation_the_mail_server_refuses_waits_in_the_outbox_and_goes_out_later(
    cast, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The officer's invitation stands when the mail server is down (no error page after the member was added): the
    mail is a task of the outbox like every other mail, retried, and sent by the relay once the server is back."""
    settings.EMAIL_BACKEND = "ocop.testing.RefusingMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        user = producer_invite_member(producer=cast.producer, email="hoan@example.vn", by=cast.commune_officer)
    assert cast.producer.members.filter(pk=user.pk).exists() and not mailoutbox
    waiting = OutboxMessage.objects.get(sent_at=None)
    assert waiting.task == "products.tasks.producer_invite_send_task" and "SMTPServerDisconnected" in waiting.last_error

    assert mail_server_back_and_relayed(settings) == 1
    (mail,) = mailoutbox
    assert mail.to == ["hoan@example.vn"] and "/accounts/reset/" in mail.body and "HTX" in mail.body


@pytest.mark.parametrize("staff", ["commune_officer", "central_officer", "admin"])
def test_it_refuses_to_invite_an_officer_address_saying_no_more_than_it_cannot_be_given(cast, staff):
    """The refusal is the one of any address that cannot be given: it does not tell whoever types an address that
    it is a staff account's (nor that an account exists)."""
    account = getattr(cast, staff)
    with pytest.raises(ValidationError) as exc:
        producer_invite_member(producer=cast.producer, email=account.email, by=cast.commune_officer)
    assert exc.value.message_dict["email"] == ["Không thể gán e-mail này cho chủ thể."]
    assert not cast.producer.members.filter(pk=account.pk).exists()


def _neighbour(cast) -> User:
    """A producer account of the commune officer's own commune: the member of another producer there."""
    neighbour = ProducerFactory(commune=cast.commune, province=cast.province)
    neighbour.members.add(cast.other_producer)
    cast.other_producer_org.members.remove(cast.other_producer)
    return cast.other_producer


def test_it_links_an_existing_producer_user_without_creating_another(cast):
    account = _neighbour(cast)
    before = User.objects.count()
    producer_invite_member(producer=cast.producer, email=account.email, by=cast.commune_officer)
    assert User.objects.count() == before
    assert cast.producer.members.filter(pk=account.pk).exists()


@pytest.mark.parametrize("officer", ["commune_officer", "province_officer"])
def test_it_refuses_to_link_the_account_of_a_producer_outside_the_officers_scope(cast, officer):
    """A member is read on the producer's page, and the province's officer lifts its lockouts: an officer who linked
    another province's (or commune's) producer account to a producer of theirs would reach past their scope. The
    refusal says no more than that the address cannot be given: not that it is another producer's."""
    elsewhere = cast.other_producer  # the member of a producer of the other province
    by = getattr(cast, officer)
    with pytest.raises(ValidationError) as exc:
        producer_invite_member(producer=cast.producer, email=elsewhere.email, by=by)
    assert exc.value.message_dict["email"] == ["Không thể gán e-mail này cho chủ thể."]
    assert cast.other_producer_org.name not in str(exc.value)
    assert not cast.producer.members.filter(pk=elsewhere.pk).exists()
    assert not AuditEvent.objects.filter(action="producer.invite").exists()
    # Nor the account of a producer in the commune officer's province but another commune; the province's may.
    next_door = ProducerFactory(commune=cast.other_commune, province=cast.province)
    next_door.members.add(cast.producer_owner)
    cast.producer.members.remove(cast.producer_owner)
    if officer == "commune_officer":
        with pytest.raises(ValidationError):
            producer_invite_member(producer=cast.producer, email=cast.producer_owner.email, by=by)
    else:
        producer_invite_member(producer=cast.producer, email=cast.producer_owner.email, by=by)
        assert cast.producer.members.filter(pk=cast.producer_owner.pk).exists()


def test_a_ministry_officer_links_any_producer_account(cast):
    producer_invite_member(producer=cast.producer, email=cast.other_producer.email, by=cast.central_officer)
    assert cast.producer.members.filter(pk=cast.other_producer.pk).exists()


def test_an_invitation_to_a_person_who_chose_english_is_written_in_english(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    """A producer's person who already has an account (another producer's member) and chose English reads the
    invitation in English; a new account has chosen nothing and reads it in the site's language."""
    account = _neighbour(cast)
    account.language = "en"
    account.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        producer_invite_member(producer=cast.producer, email=account.email, by=cast.commune_officer)
        producer_invite_member(producer=cast.producer, email="moi@example.vn", by=cast.commune_officer)
    english, vietnamese = mailoutbox
    assert english.subject == f"OCOP account for {cast.producer.name}" and "Username" in english.body
    assert vietnamese.subject == f"Tài khoản OCOP của {cast.producer.name}" and "Tên đăng nhập" in vietnamese.body


def test_a_producer_sent_twice_is_created_once(cast):
    """The new-producer form saved, then saved again after the back button (or sent from two tabs), made a second
    producer of the same name in the same commune, which nothing can delete: without a tax code nothing else tells
    them apart. It is refused next to the name; another commune may have a producer of that name, and so may a
    producer with a tax code of its own."""
    data = _data(cast, kind="household", name="Hộ kinh doanh Lý Thị Mai", tax_code="")
    first = producer_create(by=cast.province_officer, data=data)
    with pytest.raises(ValidationError) as exc:
        producer_create(by=cast.province_officer, data={**data, "name": "  hộ kinh doanh lý thị mai "})
    assert "Hộ kinh doanh Lý Thị Mai" in exc.value.message_dict["name"][0]
    assert Producer.objects.filter(name__iexact=first.name).count() == 1
    elsewhere = producer_create(by=cast.province_officer, data={**data, "commune": cast.other_commune})
    registered = producer_create(by=cast.province_officer, data={**data, "tax_code": "0100109106"})
    assert {elsewhere.commune, registered.commune} == {cast.other_commune, cast.commune}
