"""What the products area asks the apps above it (see ocop/hooks.py). Providers: evaluation and certificates,
in their AppConfig.ready()."""

from ocop.hooks import Hook

# product_status(product) -> (ProductStatus, star | None): the product's status derived from its registrations and
# certificates (provided by certificates, the app that knows both).
product_status = Hook("product_status")

# product_timeline_entries(product, user) -> list[dict]: each app's entries for the product's history
# (evaluation: dossiers and council results; certificates: certificates).
product_timeline_entries = Hook("product_timeline_entries", many=True)

# product_evaluation_state(product, user) -> {"open_registration": Registration | None,
# "open_registration_status": str, "can_register": bool, "producer_files_itself": bool} (provided by evaluation): the
# product page's link to its dossier (with its status as the user may be shown it) or to a new registration, or why
# an officer is offered none (the producer has an account and files itself).
product_evaluation_state = Hook("product_evaluation_state")

# province_refresh(producer_ids: list[int] | None) -> int: refresh each app's `province` copies of the producers'
# records (None: every record), after a producer moved or the units changed; returns the rows changed. Provided by
# evaluation (registrations) and certificates (certificates).
province_refresh = Hook("province_refresh", many=True)
