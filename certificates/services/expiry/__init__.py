"""The expiry watch: a daily job moves certificates through their validity states by date, tells the producer
at each step and sends each responsible officer one digest a day; and the way back to re-evaluation.

A package by subject: `states` (the dates and the status they call for), `sweep` (the daily job and its queueing),
`delivery` (the producer notices and officer digests), `reevaluation` (from a certificate back to evaluation).

State machine. With d = valid_until − today (calendar days; valid_until is the last valid day, Điều 4.3):

    VALID           d ≥ 181
    RENEWAL_WINDOW  31 ≤ d ≤ 180   the re-evaluation phase. D26 Điều 7.6a: the dossier is filed "không sớm hơn
                                   180 ngày và không muộn hơn 120 ngày" before expiry, so the window itself is
                                   120 ≤ d ≤ 180 (first day valid_until − 180, last day valid_until − 120; for
                                   expiry 05/08/2029: 06/02/2029–07/04/2029). From d = 119 the window is closed:
                                   the status stays RENEWAL_WINDOW (the certificate is still valid and a dossier
                                   can still be filed late, Điều 12.3), and the step is recorded as the event
                                   WINDOW_CLOSED (its own notice, shown as "quá hạn nộp" on the list).
    EXPIRING        0 ≤ d ≤ 30     the last 30 days (148-era rule: holders told ≥ 30 days ahead); d = 0 is the
                                   expiry day itself, still valid.
    EXPIRED         d ≤ −1         from the day after valid_until …
    EXTENDED        −180 ≤ d ≤ −1  … unless a re-evaluation dossier for the product is pending then: Điều 12.3
                                   keeps the certificate valid until the authority decides, for at most 180 days
                                   after expiry (OCOP_EXPIRY_EXTENSION_DAYS, 0 turns it off). EXTENDED becomes
                                   EXPIRED once d < −180 or when no dossier is pending any more.
                                   Interpretation: "pending" = a re-evaluation registration of the product
                                   filed (submitted) on or before the certificate's last day (by its first
                                   submission: evaluation.selectors.reevaluation.filed_before_expiry) and not
                                   yet decided; a dossier filed in time but still undecided at expiry is
                                   covered a fortiori, one first filed after the last day renews nothing. A dossier the commune or the
                                   province returned to the producer to complete is still pending (a return
                                   is not the authority's decision); a withdrawn or rejected one is not. A
                                   draft does not count (evaluation.choices.REEVALUATION_PENDING_STATUSES).
    REVOKED, SUPERSEDED            terminal; never touched here (superseding happens when the new certificate
                                   of a re-evaluation is issued, certificates.services.decisions).

Reminders that change no status (domain reference §8: notify at −210, −180, −130, −120 and 0 days):
    PREPARE         181 ≤ d ≤ 210  a month before the window opens, so the producer gathers what the dossier
                                   needs (test reports, legal papers still in force) and can file on day one.
    WINDOW_CLOSING  120 ≤ d ≤ 130  the window closes within ten days and no dossier of the product is filed
                                   (selectors.expiry.dossier_filed_q); not recorded for a certificate whose
                                   "window open" notice itself came at d ≤ 130 (that notice already gave the
                                   closing date). A re-evaluation returned to complete is recorded: the
                                   producer is not told to file (it has filed, renewal_filed_q), the officers'
                                   digest lists it as at risk (Điều 7.6g: 45 days from a complete dossier).

Boundary days: d = 181 → VALID, 180 → RENEWAL_WINDOW (notice "renewal_window"), 120 → still in the window,
119 → WINDOW_CLOSED event, 31 → RENEWAL_WINDOW, 30 → EXPIRING, 0 → EXPIRING, −1 → EXPIRED or EXTENDED.

A certificate the job has not seen for a while (a missed night, a historic certificate entered late) jumps
straight to the state its date calls for, with the notice of that state only (entering at d = 60 says "window
closed", not "window open").

Job steps (`certificates_flag_expiring`): each transition is a guarded bulk `update()` (status and date
condition in the WHERE clause) over ids read in keyset chunks, so memory is bounded and two concurrent runs
cannot move a row twice. In the chunk's transaction the step is written as a `CertificateNotice` row, unique per
(certificate, kind), plus one audit event per chunk. After the sweep, the producer notices that are not sent yet
and the officer digests of the day (unique per (officer, day)) are queued, each claimed by compare-and-swap
before its e-mail goes out. Run twice: nothing moves twice, nobody is notified twice.

Notices: the claim is `CertificateNotice.claimed_at` (one row per certificate and step); once sent, the time is
mirrored on the certificate's own renewal/expiring/expired_notice_sent_at. A failed send gives the claim back
with its error; the worker retries with backoff, and every run re-queues what is still unsent (the list shows
the error meanwhile). A digest covers the steps of its day; steps added by a second run later that same day
after the digest went out are on the list page but not in a second e-mail (one digest per officer and day).
"""

from .delivery import certificate_notice_deliver, officer_digest_deliver
from .reevaluation import (
    can_start_reevaluation,
    certificate_replaced_by_registration,
    certificate_start_reevaluation,
    may_start_reevaluations,
)
from .states import (
    PREPARE_DAYS,
    WINDOW_CLOSES_DAYS,
    WINDOW_OPENS_DAYS,
    expected_status,
    extension_days,
    extension_ends,
    extension_note,
    open_dossiers_of,
    phase,
    product_certificate_expiry,
    renewal_window,
)
from .sweep import certificates_flag_expiring, expiry_check_request

# The public face of the watch, for the other apps (portal, dashboard, devtools); certificates itself imports from
# the subject modules.
__all__ = [
    "PREPARE_DAYS",
    "WINDOW_CLOSES_DAYS",
    "WINDOW_OPENS_DAYS",
    "can_start_reevaluation",
    "certificate_notice_deliver",
    "certificate_replaced_by_registration",
    "certificate_start_reevaluation",
    "certificates_flag_expiring",
    "expected_status",
    "expiry_check_request",
    "extension_days",
    "extension_ends",
    "extension_note",
    "may_start_reevaluations",
    "officer_digest_deliver",
    "open_dossiers_of",
    "phase",
    "product_certificate_expiry",
    "renewal_window",
]
