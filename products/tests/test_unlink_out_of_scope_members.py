"""Producer accounts linked across scopes before products.permissions.can_link_account refused it: the command lists
them and, with --apply, unlinks them (audited)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from ocop.models import AuditEvent
from ocop.services import audit_record
from products.selectors import audit_history, producer_links_out_of_scope
from products.services import producer_invite_member
from products.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def linked_before_the_rule(*, producer, account, by, minutes_ago=0):
    """A link as producer_invite_member made it, without the scope check it has now."""
    producer.members.add(account)
    event = audit_record(
        actor=by, action="producer.invite", target=producer, changes={"members": [None, account.email]}
    )
    AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


def run(*args) -> str:
    out = io.StringIO()
    call_command("unlink_out_of_scope_members", *args, stdout=out)
    return out.getvalue()


def test_it_finds_an_account_of_another_province_linked_by_a_commune_officer(cast):
    linked_before_the_rule(producer=cast.producer, account=cast.other_producer, by=cast.commune_officer)
    assert producer_links_out_of_scope() == [(cast.producer, cast.other_producer, cast.commune_officer)]


def test_it_leaves_the_links_the_rule_allows(cast):
    """A central officer's link across provinces, and a commune officer's within their commune, are allowed."""
    elsewhere = ProducerFactory(commune=cast.other_commune, province=cast.province)
    linked_before_the_rule(producer=elsewhere, account=cast.other_producer, by=cast.central_officer)
    neighbour = ProducerFactory(commune=cast.commune, province=cast.province)
    linked_before_the_rule(producer=neighbour, account=cast.producer_owner, by=cast.commune_officer)
    assert producer_links_out_of_scope() == []


def test_only_the_link_that_reached_across_is_flagged_not_the_older_one(cast):
    """The account belonged to the other province's producer first (its own membership, and a link by that
    province's officer would be as good): the later link by this commune's officer is the one past the scope."""
    far = ProducerFactory(commune=cast.far_commune, province=cast.other_province)
    linked_before_the_rule(producer=far, account=cast.producer_owner, by=cast.outsider, minutes_ago=10)
    # cast.producer's own membership of producer_owner has no invite row: it is the oldest and never flagged
    found = producer_links_out_of_scope()
    assert [(p.pk, a.pk) for p, a, _o in found] == [(far.pk, cast.producer_owner.pk)]


def test_the_command_lists_by_default_and_unlinks_with_apply(cast):
    linked_before_the_rule(producer=cast.producer, account=cast.other_producer, by=cast.commune_officer)
    listed = run()
    assert "1 membership(s) past their officer's scope" in listed and cast.other_producer.email in listed
    assert cast.producer.members.filter(pk=cast.other_producer.pk).exists()
    assert not AuditEvent.objects.filter(action="producer.unlink").exists()
    applied = run("--apply")
    assert "1 membership(s) unlinked" in applied
    assert not cast.producer.members.filter(pk=cast.other_producer.pk).exists()
    assert cast.other_producer_org.members.filter(pk=cast.other_producer.pk).exists()  # their own producer keeps them
    event = AuditEvent.objects.get(action="producer.unlink")
    assert event.target_id == str(cast.producer.pk) and event.changes["members"] == [cast.other_producer.email, None]
    assert "0 membership(s) past their officer's scope" in run()


def address_corrected(account, *, by, to):
    """The account's address corrected as the administrator's page does (ocop.admin.UserAdmin.save_model: a producer
    account is kept there, not on the accounts pages): a "user.update" row with the address before and after."""
    before = account.email
    account.email = to
    account.save(update_fields=["email"])
    audit_record(
        actor=by, action="user.update", target=account, summary=account.username, changes={"email": [before, to]}
    )


def test_an_account_whose_address_changed_since_the_link_is_still_found_and_unlinked(cast):
    """The invitation row names the account by the address it had then: a corrected address must not hide the link
    (it was matched against today's address)."""
    linked_before_the_rule(producer=cast.producer, account=cast.other_producer, by=cast.commune_officer, minutes_ago=5)
    address_corrected(cast.other_producer, by=cast.admin, to="moi.dia.chi@example.test")
    assert producer_links_out_of_scope() == [(cast.producer, cast.other_producer, cast.commune_officer)]
    assert "1 membership(s) past their officer's scope" in run() and "moi.dia.chi@example.test" in run()
    assert "1 membership(s) unlinked" in run("--apply")
    assert not cast.producer.members.filter(pk=cast.other_producer.pk).exists()
    assert cast.other_producer_org.members.filter(pk=cast.other_producer.pk).exists()


def test_an_address_another_account_took_later_names_the_account_that_had_it_then(cast):
    """The address an invitation named moved to another account afterwards: the row is the first account's link,
    never the second's."""
    old_address = cast.other_producer.email
    linked_before_the_rule(producer=cast.producer, account=cast.other_producer, by=cast.commune_officer, minutes_ago=5)
    address_corrected(cast.other_producer, by=cast.admin, to="moi.dia.chi@example.test")
    address_corrected(cast.producer_owner, by=cast.admin, to=old_address)
    far = ProducerFactory(commune=cast.far_commune, province=cast.other_province)
    far.members.add(cast.producer_owner)  # the second account in two producers, with no invitation of its own
    assert producer_links_out_of_scope() == [(cast.producer, cast.other_producer, cast.commune_officer)]


def test_an_invitation_names_the_account_by_its_id_too(cast):
    """A new invitation records the account's id (kept out of the history shown), which finds the account whatever
    its address becomes."""
    account = producer_invite_member(producer=cast.producer, email="hoan@example.vn", by=cast.commune_officer)
    event = AuditEvent.objects.get(action="producer.invite")
    assert event.changes == {"members": [None, "hoan@example.vn"], "member_id": account.pk}
    rows = [row["label"] for entry in audit_history(target=cast.producer) for row in entry.change_rows]
    assert len(rows) == 1


def test_a_row_with_the_accounts_id_finds_it_whatever_address_it_names(cast):
    linked_before_the_rule(producer=cast.producer, account=cast.other_producer, by=cast.commune_officer)
    event = AuditEvent.objects.get(action="producer.invite")
    event.changes = {"members": [None, "da.bo@example.test"], "member_id": cast.other_producer.pk}
    event.save(update_fields=["changes"])
    assert producer_links_out_of_scope() == [(cast.producer, cast.other_producer, cast.commune_officer)]
