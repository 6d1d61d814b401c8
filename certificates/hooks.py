"""What the certificates area asks the apps above it (see ocop/hooks.py). Provider: supervision, in ready()."""

from ocop.hooks import Hook

# digest_recipients(day) -> ids of officers who have something for the daily digest besides certificate notices
# (overdue remedies, revocation limits); each provider answers a list or queryset of user ids.
digest_recipients = Hook("digest_recipients", many=True)
# digest_sections(user, day) -> a dict {"title": Phrase, "lines": [Phrase], "more": int, "url"} (or None) per
# provider: more lines of the officer's digest, within the officer's scope, written in the reader's language when
# shown (the title, which counts the lines left out as `more`, is also the in-app notice).
digest_sections = Hook("digest_sections", many=True)
# public_certificate_note(certificate_id) -> str: a line the public verification page shows under the verdict
# (empty for none); e.g. an open remedy when the province publishes it.
public_certificate_note = Hook("public_certificate_note")
# certificate_actions(user, certificate) -> [{"label", "url", "testid", "style"}]: buttons the certificate page offers
# `user` into the apps above (supervision: an ad hoc inspection, the commune's confirmation that production stopped),
# each decided by the app that answers the page it leads to. The revocation page offers those marked "revoke" (where
# a ground resting on an agency's conclusion is proposed) and "inspection" (where ground b is: an inspection, a case).
certificate_actions = Hook("certificate_actions", many=True)
# revocation_requested_by(certificate) -> ids of officials of another office that asked for the certificate's revocation
# (supervision: the ministry's request under Điều 10.1b, or its inspection's ground on a product the province
# revokes): the revoking decision is sent to them too (Điều 8.3c "các cơ quan liên quan").
revocation_requested_by = Hook("revocation_requested_by", many=True)
# revocation_inspection_concluded_on(certificate, ground) -> date | None: the day a concluded inspection of the
# certificate found `ground` (an outcome proposing revocation on it) when its revocation case, which keeps the 15 days
# of Điều 8.4 from that day, is still open (supervision); None when there is none. What a proposal on a ground of
# INSPECTION_GROUNDS made on the certificate page rests on (certificate_revoke_propose).
revocation_inspection_concluded_on = Hook("revocation_inspection_concluded_on")
# revocation_commune_confirmation(certificate) -> (date, document number) | None: the commune's confirmation that the
# producer no longer produces (Điều 8.1đ) when the revocation case it opened, which keeps the 15 days of Điều 8.4 from
# its date, is still open (supervision); None when there is none. What a proposal on a ground of COMMUNE_GROUNDS made
# on the certificate page rests on (certificate_revoke_propose).
revocation_commune_confirmation = Hook("revocation_commune_confirmation")
