"""Producer accounts linked across scopes before products.permissions.can_link_account refused it: the command lists
them and, with --apply, unlinks them (audited)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from ocop.models import AuditEvent
from ocop.services import audit_record
from products.selectors import producer_links_out_of_scope
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
