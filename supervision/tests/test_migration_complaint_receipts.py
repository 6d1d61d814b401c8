"""supervision 0011–0012 on a database holding complaints recorded before the forms carried a one-time token: each is
given its own token, so it has a receipt address like the complaints since (a sending again of it leads there, where
it used to be answered in place with no address to come back to), and the column becomes required."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ocop.testing import migration_run
from supervision import services
from supervision.models import Complaint

from .factories import certificate_for
from .test_complaint_sent_again import SENDER, TEXT, form_token

FILL = "0011_complaint_submission_backfill"
RULE = "0012_complaint_submission_required"


@pytest.mark.django_db  # the schema too comes back with the test's rollback (migration_run)
def test_complaints_from_before_the_token_get_their_own_receipt_address(cast, client):
    product = certificate_for(cast).product
    old = services.complaint_submit(product=product, text=TEXT, **SENDER)
    older = services.complaint_submit(product=product, text=f"{TEXT} Tem dán đè lên nhãn cũ.")
    recent = services.complaint_submit(product=product, text=f"{TEXT} Hạn dùng bị sửa.")
    migration_run("supervision", RULE, backwards=True)  # the column as 0009 added it
    migration_run("supervision", FILL, backwards=True)
    Complaint.objects.filter(pk__in=[old.pk, older.pk]).update(submission=None)  # recorded before the token
    migration_run("supervision", FILL)
    migration_run("supervision", RULE)
    tokens = dict(Complaint.objects.values_list("pk", "submission"))
    assert None not in tokens.values() and len(set(tokens.values())) == 3
    assert tokens[recent.pk] == recent.submission  # a token already given is kept
    receipt = reverse("supervision:complaint_receipt", args=[tokens[old.pk]])
    page = client.get(receipt)
    assert page.status_code == 200 and old.code in page.content.decode()
    url = reverse("supervision:complaint_public", args=[product.pk])
    again = client.post(url, {"text": TEXT, **SENDER, "submission": form_token(client.get(url))})
    assert again.status_code == 302 and again["Location"] == receipt
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=old.pk).update(submission=None)
