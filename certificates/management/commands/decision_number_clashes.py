"""List the numbers that are one number however typed (ocop.text.decision_number_key: "12/QD-UBND", "12 / qđ–ubnd"
and "012/QĐ-UBND" are "12/QĐ-UBND") but were written twice before the checks compared them so: two decisions of one
issuer and year (recognition, revocation, approval of a potential 5★, a council's establishment; ocop.selectors.
decision_number_clashes) and two certificates of one issuer and year, one at least recorded from before this system
(certificates.selectors.numbers.historic_number_clashes), and two result notices ("…/TB-…") of one OCOP office and
year (evaluation.selectors.decision_numbers.notice_number_clashes). Nothing is changed: the office finds which record
bears the number and has the other corrected.

`python manage.py decision_number_clashes` exits with status 1 when it lists any (a check or a cron job can alert on
it), 0 when there are none."""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from certificates.selectors.numbers import historic_number_clashes
from evaluation.selectors.decision_numbers import notice_number_clashes
from ocop.selectors import decision_number_clashes

KINDS = {
    "recognition": "recognition decision",
    "revocation": "revocation decision",
    "approval": "approval of a potential 5-star result",
    "council": "decision establishing a council",
}


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "-"


class Command(BaseCommand):
    help = (
        "List decisions, old certificates and result notices of one issuer and year whose numbers are one number "
        "however typed."
    )

    def handle(self, *args, **options):
        decisions, certificates = decision_number_clashes(), historic_number_clashes()
        notices = notice_number_clashes()
        for clash in decisions:
            self.stdout.write(f'Decisions of {clash.issuer}, {clash.year}, number "{clash.key}":')
            for r in clash.records:
                kind = KINDS.get(r.decision[0], r.decision[0])
                self.stdout.write(f'  "{r.number}"  {kind} id {r.pk}  dated {_day(r.date)}  {r.link}  ({r.issuer})')
        for clash in certificates:
            self.stdout.write(f'Certificates of {clash.issuer}, {clash.year}, number "{clash.key}":')
            for c in clash.records:
                old = "old certificate" if c.is_historic else "certificate"
                self.stdout.write(
                    f'  "{c.number}"  {old} id {c.pk}  issued {_day(c.issued_on)}  decision "{c.decision.number}" '
                    f"id {c.decision_id}  {reverse('certificates:certificate_detail', args=[c.pk])}  ({c.product.name})"
                )
        for clash in notices:
            self.stdout.write(f'Result notices of {clash.issuer}, {clash.year}, number "{clash.key}":')
            for r in clash.records:
                self.stdout.write(
                    f'  "{r.number}"  result notice id {r.pk}  dated {_day(r.date)}  {r.link}  ({r.issuer})'
                )
        if decisions or certificates or notices:
            raise CommandError(
                f"{len(decisions)} decision number(s), {len(certificates)} certificate number(s) and {len(notices)} "
                "result notice number(s) written twice, each typed another way: correct all but one record of each."
            )
        self.stdout.write("No decision, certificate or result notice number is written twice.")
