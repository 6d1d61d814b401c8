"""Django tests the conditions of one `exclude()` (or of one negated `Q`) on a to-many relation each on its own:
`~Q(declarations__member=m, declarations__has_conflict=True)` keeps out an item where *some* declaration is m's and
*some* declaration is a conflict, not one declaration that is both. A co-member's recusal so hid the dossier from every
member who had declared no conflict. The same-row condition is one `Exists(...)` (or a `pk__in` subquery); this test
finds the pattern in the project's code."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

from ocop.testing import project_apps


def _to_many_names() -> set[str]:
    """Every name a lookup may use for a to-many relation (reverse foreign keys, many-to-many, either side)."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.one_to_many or field.many_to_many:
                names.add(field.name)  # (a reverse relation's name is its lookup name)
    return names


def _negated_calls(tree: ast.AST):
    """`.exclude(...)` calls and `~Q(...)` expressions, with their keyword lookups."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "exclude":
            yield node, node.keywords
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert) and isinstance(node.operand, ast.Call):
            call = node.operand
            if isinstance(call.func, ast.Name) and call.func.id == "Q":
                yield node, call.keywords


def _shared_to_many(lookups: list[str], to_many: set[str]) -> str | None:
    """A to-many relation that two of the lookups both go through (their common leading path)."""
    paths = [lookup.split("__")[:-1] for lookup in lookups if "__" in lookup]
    for i, first in enumerate(paths):
        for second in paths[i + 1 :]:
            for a, b in zip(first, second, strict=False):
                if a != b:
                    break
                if a in to_many:
                    return a
    return None


def test_no_exclude_or_negated_q_tests_two_conditions_on_one_to_many_relation():
    to_many = _to_many_names()
    assert {"declarations", "sheets", "assignments", "members"} <= to_many  # the names the check knows
    found = []
    for app in (config.name for config in project_apps()):
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node, keywords in _negated_calls(ast.parse(path.read_text(encoding="utf-8"))):
                relation = _shared_to_many([k.arg for k in keywords if k.arg], to_many)
                if relation:
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} ({relation})")
    assert found == [], "one condition a row: use Exists(...) instead"


def test_the_check_finds_the_pattern_it_is_about():
    to_many = _to_many_names()
    (call, keywords), *_ = _negated_calls(ast.parse("~Q(declarations__member=member, declarations__has_conflict=True)"))
    assert _shared_to_many([k.arg for k in keywords], to_many) == "declarations"
    (call, keywords), *_ = _negated_calls(ast.parse("qs.exclude(sheets__member__user=u, sheets__status='x')"))
    assert _shared_to_many([k.arg for k in keywords], to_many) == "sheets"
    # A to-one path, or one condition, is fine.
    assert _shared_to_many(["registration__status", "registration__round"], to_many) is None
    assert _shared_to_many(["declarations__has_conflict"], to_many) is None
