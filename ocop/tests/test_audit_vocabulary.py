"""Every act the code records in the audit trail has a name a reader understands (ocop.hooks.AuditVocabulary): the
change history showed the trail's codes ("registration.document_upload") instead, in Vietnamese and English alike."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from certificates.choices import NoticeKind
from evaluation.workflow import STEPS
from ocop import hooks
from ocop.selectors import audit_vocabulary
from ocop.services import audit_record
from ocop.testing import project_apps
from products.choices import ImportKind

PACKAGES = [config.name for config in project_apps()]
# Acts whose name the code builds: each template, and the names it can build.
BUILT = {
    "f'registration.{event}'": {"registration.commune_overdue", "registration.reevaluation_overdue"},
    "f'certificate.expiry.{kind}'": {f"certificate.expiry.{kind}" for kind in NoticeKind.values},
    "f'{kind}.import'": {f"{kind}.import" for kind in ImportKind.values},
}


def _recorded_acts() -> tuple[set[str], set[str]]:
    """The `action=` keywords of every call in the runtime code: dotted names written out, and built ones."""
    written, built = set(), set()
    for package in PACKAGES:
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                for keyword in getattr(node, "keywords", ()) if isinstance(node, ast.Call) else ():
                    value = keyword.value
                    if keyword.arg != "action":
                        continue
                    if isinstance(value, ast.Constant) and isinstance(value.value, str) and "." in value.value:
                        written.add(value.value)
                    elif isinstance(value, ast.JoinedStr):
                        built.add(ast.unparse(value))
    return written, built


def test_every_act_the_code_records_has_a_name():
    written, built = _recorded_acts()
    assert built == set(BUILT), "a new built act name: list the names it can build in BUILT"
    acts = written | {step.audit_action for step in STEPS} | set().union(*BUILT.values())
    assert len(acts) > 90
    named = audit_vocabulary().actions
    assert sorted(acts - set(named)) == []


def test_the_names_are_translated_and_no_two_apps_name_one_act_or_key():
    vocabularies = hooks.audit_vocabulary()
    assert len(vocabularies) == 7  # ocop, products, evaluation, certificates, supervision, dashboard, api
    for part in ("actions", "keys", "key_choices"):
        names = [name for vocabulary in vocabularies for name in getattr(vocabulary, part)]
        assert sorted({name for name in names if names.count(name) > 1}) == [], part
    merged = audit_vocabulary()
    labels = {**merged.actions, **merged.keys}
    with translation.override("en"):
        english = {name: str(label) for name, label in labels.items()}
    with translation.override("vi"):
        vietnamese = {name: str(label) for name, label in labels.items()}
    assert [name for name in labels if english[name] == vietnamese[name]] == []


@pytest.mark.django_db
def test_the_admin_lists_each_act_by_its_name(cast, login):
    audit_record(actor=cast.province_officer, action="registration.submit", summary="HTX Tài Hoan")
    body = login(cast.admin).get(reverse("admin:ocop_auditevent_changelist")).content.decode()
    row = body.split("HTX Tài Hoan")[0].rsplit("<tr", 1)[1]
    assert "Nộp hồ sơ" in row and "registration.submit" not in row
