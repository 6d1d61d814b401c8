"""Extension points: how a lower app asks a higher one without importing it (imports flow one way).

A lower app declares a `Hook` in its `hooks.py` and calls it; the higher app that knows the answer provides it in
its `AppConfig.ready()`. A hook that nobody provided raises `ImproperlyConfigured` when called, so a missing
provider is a loud error, never a silently skipped step. `many=True` hooks collect several providers and return
the list of their answers (in the order of INSTALLED_APPS).

    # products/hooks.py                         # certificates/apps.py, in ready()
    product_status = Hook("product_status")     product_hooks.product_status.provide(product_derive_status)
"""

import datetime
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise


class Hook:
    def __init__(self, name: str, *, many: bool = False):
        self.name = name
        self.many = many
        self._providers: list[Callable] = []

    def provide(self, provider: Callable) -> Callable:
        """Register `provider` (idempotent: ready() may run more than once in tests)."""
        if provider in self._providers:
            return provider
        if self._providers and not self.many:
            raise ImproperlyConfigured(f"Hook {self.name!r} already has a provider: {self._providers[0]!r}")
        self._providers.append(provider)
        return provider

    def __call__(self, *args, **kwargs):
        if not self._providers:
            raise ImproperlyConfigured(
                f"Hook {self.name!r} has no provider: is the app that provides it in INSTALLED_APPS?"
            )
        if self.many:
            return [provider(*args, **kwargs) for provider in self._providers]
        return self._providers[0](*args, **kwargs)

    @contextmanager
    def override(self, provider: Callable):
        """For tests: answer with `provider` alone inside the block."""
        saved, self._providers = self._providers, [provider]
        try:
            yield provider
        finally:
            self._providers = saved


# admin_units_changed() -> list: the administrative units were loaded or updated (a commune may have moved to
# another province): each app refreshes what it copies from them (products: every `province` copy, through its own
# hook for the apps above it).
admin_units_changed = Hook("admin_units_changed", many=True)


@dataclass(frozen=True)
class AuditVocabulary:
    """What one app's audit rows mean to the person reading a record's history (products/_history.html), in their
    language: the name of each act it records (`AuditEvent.action`), the labels of the change keys it writes that are
    not fields of the row's target (a field's own verbose name is read from the model), and the choices whose labels
    stand for such a key's stored values. `models`: other models whose fields name keys (Mẫu 03 on a dossier's row).
    `key_values`: for a key whose value is kept as data (a plan's targets), what writes it as text for the reader.
    `action_keys`: what one act's keys mean, over every other label (a revocation's "decision" is the revoking
    decision's number, not the certificate's recognition decision); a key labelled None is internal and not shown.
    `key_records`: a key that is no field yet names a record by its id (a dossier's site visit): the record's model
    and what writes the record as text, read as a foreign key's record is (one query per model).
    `fact_keys`: the keys one act records whole, a list that is no [old, new] pair (an inspection's inspectors).
    """

    actions: Mapping[str, Promise | str] = field(default_factory=dict)
    keys: Mapping[str, Promise | str] = field(default_factory=dict)
    key_choices: Mapping[str, type] = field(default_factory=dict)
    models: tuple = ()
    key_values: Mapping[str, Callable[[object], str]] = field(default_factory=dict)
    action_keys: Mapping[str, Mapping[str, Promise | str | None]] = field(default_factory=dict)
    key_records: Mapping[str, tuple[type, Callable[[object], str]]] = field(default_factory=dict)
    fact_keys: Mapping[str, frozenset[str]] = field(default_factory=dict)


# audit_vocabulary() -> list[AuditVocabulary]: every app's (ocop.selectors.audit_vocabulary merges them).
audit_vocabulary = Hook("audit_vocabulary", many=True)

# detail_pages() -> list[dict[str, Callable[[User], QuerySet]]]: each app's pages that show one record (`<int:pk>`),
# by URL name, with what gives the records a user may open there (the page answers 404 for the others). A notice
# linking to a record out of its reader's reach is shown without its link (ocop.selectors.notifications_out_of_reach).
detail_pages = Hook("detail_pages", many=True)


class DecisionNumber(NamedTuple):
    """A decision that an app records under a number: the name of its issuer as written, which decision it is
    (`decision`, a tuple of the kind and what tells its decisions apart: the same for the records of one decision,
    such as the certificates one revocation decision revokes, another for every other decision), its number as
    recorded, its date (the year is its sequence's), and where an officer finds the record: the row's id (`pk`) and
    the path of the page that shows it (`link`), for a list that names it (decision_number_clashes)."""

    issuer: str
    decision: tuple
    number: str
    date: datetime.date | None = None
    pk: int | None = None
    link: str = ""


# decision_numbers(number, year) -> list[DecisionNumber]: every decision, of any issuer, that an app records under a
# number that may be `number` (ocop.text.decision_number_q) and dates in `year` (recognition, approval, revocation, a
# council's establishment…): one issuer's decisions of a year are one sequence of numbers, whatever they decide, and
# decision_number_holder compares the numbers however typed (ocop.text.decision_number_key). `number` None: every
# number; `year` None: every year (decision_number_clashes reads them all).
decision_numbers = Hook("decision_numbers", many=True)
