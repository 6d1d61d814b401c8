"""Demo data from the facts in shared/seeds (real producers, products, places and stars).

The storyline (ocop-domain.md §11): Na Rì district of Bắc Kạn certified its first products under
Decisions 1048 and 148; since 1 July 2025 those communes belong to Thái Nguyên. Their historic
certificates are recorded with their original issuers and now reach the re-evaluation window under
Decision 26/2026. Miến dong Tài Hoan goes through the whole D26 procedure in this app: dossier,
commune check, advisory review, council scoring by three members, decision and PDF certificate; its upgrade
aiming at 5★ then scores 90 or more and waits for the province's approval and letter to the ministry.
Mật ong rừng Hương Rừng waits on the council's agenda; Miến dong Tân An, whose old certificate lapsed,
applies again and waits for the Côn Minh commune's check.
Xuân Trường (Nam Định, now Ninh Bình) keeps its 2020 results as historic records of another province.
One of Na Rì's 2019 products not recognised then applied again in April 2026, before Decision 26/2026 took effect:
its dossier is still with the advisory team, past the deadline of D26 Điều 12.2 (transition.py).

People's names are fictitious. Everything goes through the services, as a user would.
"""

from __future__ import annotations

from django.conf import settings
from django.test.utils import override_settings

from certificates.models import Certificate
from certificates.services.certificates import certificate_render_for_site
from dashboard.models import HistoricEvaluation
from ocop.models import User

from .data import DEMO_PASSWORD, DEMO_USERS, MARKER_USERNAME
from .history import HISTORY_ISSUER, seed_programme_history
from .transition import seed_transitional_dossier, transitional_dossier_seeded
from .workflow import ensure_reference_data, seed_workflow

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "seed_demo"]


def seed_demo(*, out=print) -> dict | None:
    """Create the demo data once; a second run changes nothing. The programme's history (issue 14) is a later
    stage with its own marker, so a database seeded before it gains it once; so is the dossier pending when D26 took
    effect (Điều 12.2), which starts from one of that history's products."""
    counts = None
    # Demo notices stay in memory: nobody should be e-mailed, and the console stays readable.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        if User.objects.filter(username=MARKER_USERNAME).exists():
            out("Dữ liệu mẫu đã có; không tạo thêm.")
        else:
            ensure_reference_data(out)
            counts = seed_workflow(out)
            out(f"Đã tạo dữ liệu mẫu: {counts}. Mật khẩu các tài khoản mẫu: {DEMO_PASSWORD}")
        if not HistoricEvaluation.objects.filter(issuer_name=HISTORY_ISSUER).exists():
            seed_programme_history(out)
        if not transitional_dossier_seeded():
            seed_transitional_dossier(out)
        certificates_for_site(out)
    return counts


def certificates_for_site(out=print) -> int:
    """The demo's certificates print the address the demo is served at. With SITE_URL (`make run SITE_URL=…`) a PDF
    seeded for another address (an earlier run, another port) gets a new version for it, once; without SITE_URL
    every download renders its copy for the address being served (certificate_copy_for_site)."""
    if not settings.SITE_URL:
        return 0
    rendered = Certificate.objects.exclude(pdf_sha256="").values_list("pk", flat=True)
    count = sum(certificate_render_for_site(certificate_id=pk) for pk in rendered)
    if count:
        out(f"Đã in lại {count} giấy chứng nhận với địa chỉ trang xác minh {settings.SITE_URL}.")
    return count
