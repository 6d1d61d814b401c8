"""What the evaluation area asks the app above it (see ocop/hooks.py). Provider: certificates, in ready()."""

from ocop.hooks import Hook

# certificate_expiry(product_id) -> date | None: the expiry date of the product's certificate that a re-evaluation
# would renew (Điều 7.6a window), or None when no certificate is on record.
certificate_expiry = Hook("certificate_expiry")

# registration_certificates(user, registration) -> [{"number", "status", "url", "decision", "issued_on"}]:
# the certificates issued on the dossier's result that `user` may open (the dossier page's outcome).
registration_certificates = Hook("registration_certificates")

# reevaluation_certificate(user, registration) -> {"number", "star", "valid_until", "status", "url"} | None: the
# certificate a re-evaluation dossier renews, for the dossier's page ("url" empty when `user` may not open it).
reevaluation_certificate = Hook("reevaluation_certificate")

# reevaluation_ended(product_id) -> int: the product's last re-evaluation pending the authority's decision stopped
# being pending without a decision (withdrawn, rejected, eliminated, not recognised): an extension of its certificate
# under Điều 12.3 ends now, not at the next night's sweep (the certificates that took the step).
reevaluation_ended = Hook("reevaluation_ended")

# reevaluation_stop_losses(registration) -> [str]: what stopping the dossier without a decision (a withdrawal, a
# rejection) would end at once in the app above, told on the page before the act: the certificate its pending
# re-evaluation alone keeps in use past the expiry (Điều 12.3), which then expires for good.
reevaluation_stop_losses = Hook("reevaluation_stop_losses")

# registration_actions(user, registration) -> [{"label", "url", "testid"}]: buttons the dossier page offers `user`
# into the apps above (certificates: the draft of the recognition decision while the dossier awaits it), each decided
# by the app that answers the page it leads to.
registration_actions = Hook("registration_actions", many=True)
