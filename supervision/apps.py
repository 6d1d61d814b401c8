from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Kiểm tra, giám sát sản phẩm OCOP")

    def ready(self):
        # Answers to what certificates asks (certificates/hooks.py; imports flow one way): the supervision lines of
        # the officers' daily digest, the note on the public verification page while a remedy is open, the
        # certificate page's buttons into supervision, who asked for a revocation, the concluded inspection a
        # proposal on ground b or d rests on and the commune's confirmation one on đ rests on.
        from certificates import hooks as certificate_hooks
        from ocop import hooks as ocop_hooks

        from .choices import audit_vocabulary
        from .permissions import certificate_actions, detail_pages
        from .selectors import (
            digest_recipients,
            digest_section,
            public_remedy_note,
            revocation_commune_confirmation,
            revocation_inspection_concluded_on,
        )
        from .services.cases import revocation_requested_by

        certificate_hooks.digest_recipients.provide(digest_recipients)
        certificate_hooks.digest_sections.provide(digest_section)
        certificate_hooks.public_certificate_note.provide(public_remedy_note)
        certificate_hooks.certificate_actions.provide(certificate_actions)
        certificate_hooks.revocation_requested_by.provide(revocation_requested_by)
        certificate_hooks.revocation_inspection_concluded_on.provide(revocation_inspection_concluded_on)
        certificate_hooks.revocation_commune_confirmation.provide(revocation_commune_confirmation)
        ocop_hooks.audit_vocabulary.provide(audit_vocabulary)
        ocop_hooks.detail_pages.provide(detail_pages)
