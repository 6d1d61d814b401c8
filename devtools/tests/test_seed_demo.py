import datetime as dt
import subprocess
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from certificates.choices import CertificateStatus
from certificates.models import Certificate
from dashboard.models import Plan
from dashboard.reports import ReportPeriod, programme_report
from dashboard.selectors.plans import plan_progress, target_pipeline
from dashboard.selectors.statistics import programme_statistics
from devtools.demo import DEMO_PASSWORD, DEMO_USERS
from evaluation.choices import RegistrationStatus
from evaluation.models import Registration
from ocop.choices import Role
from ocop.models import AdministrativeUnit, AuditEvent, User
from products.models import Producer, Product


@pytest.mark.slow(12)
@pytest.mark.django_db
def test_it_builds_the_demo_story_from_the_seeds_once(capsys, caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    # Every PDF it makes (the sample dossier files and scans too) is a valid tagged PDF: WeasyPrint says when not.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= 30] == []
    counts = (
        User.objects.count(),
        Producer.objects.count(),
        Product.objects.count(),
        Certificate.objects.count(),
        Registration.objects.count(),
        AuditEvent.objects.count(),
    )

    # One account per role, all with the documented password.
    assert {u.role for u in DEMO_USERS} == set(Role.values)
    for spec in DEMO_USERS:
        assert User.objects.get(username=spec.username).check_password(DEMO_PASSWORD)

    # Real names from the seeds, now in the 2025 units, with the historic commune kept.
    tai_hoan = Producer.objects.get(name="HTX Tài Hoan")
    assert tai_hoan.commune.parent.name == "Tỉnh Thái Nguyên"
    assert tai_hoan.historic_commune.full_name == "Xã Côn Minh, Huyện Na Rì, Tỉnh Bắc Kạn"
    # Their old certificates print the address of their day under the old issuer, not today's units: the 2020 extract
    # from Nam Định printed "Xã Xuân Hưng, Tỉnh Ninh Bình", the 2024 one from Na Rì "Xã Côn Minh, Tỉnh Thái Nguyên".
    nam_dinh = Certificate.objects.get(product__name="Tinh bột nghệ", is_historic=True)
    # The units as a sentence writes them (Nghị định 30/2020, Phụ lục II): "Địa chỉ: xã …, huyện …, tỉnh …".
    assert nam_dinh.producer_address == "xã Thọ Nghiệp, huyện Xuân Trường, tỉnh Nam Định"
    text = " ".join(
        subprocess.run(["pdftotext", nam_dinh.pdf.path, "-"], capture_output=True, check=True).stdout.decode().split()
    )
    assert "Địa chỉ: xã Thọ Nghiệp, huyện Xuân Trường, tỉnh Nam Định" in text and "Ninh Bình" not in text
    honey = Certificate.objects.get(product__name="Mật ong rừng Hương Rừng", decision__issuer_level="district")
    assert honey.producer_address == "xã Dương Sơn, huyện Na Rì, tỉnh Bắc Kạn"

    # Miến dong Tài Hoan went through the whole D26 procedure and holds a D26 certificate with its PDF.
    new = Certificate.objects.get(product__name="Miến dong Tài Hoan", is_historic=False)
    assert new.star == 4 and new.legal_basis == "26/2026" and new.pdf_sha256
    assert (
        Registration.objects.get(product__name="Miến dong Tài Hoan", kind="first").status == RegistrationStatus.DECIDED
    )
    # The other dossiers wait at the steps the demo shows.
    assert (
        Registration.objects.get(product__name="Mật ong rừng Hương Rừng").status == RegistrationStatus.READY_FOR_COUNCIL
    )
    assert Registration.objects.get(product__name="Miến dong Tân An").status == RegistrationStatus.SUBMITTED
    # Miến dong Tài Hoan's upgrade (seed 003: "1 from 4→5★"): the council's real sheets give a mean of 90 or more
    # with every minimum up to 5★ met, and the dossier waits for the province's approval and letter (Điều 7.3e).
    upgrade = Registration.objects.get(product__name="Miến dong Tài Hoan", kind="upgrade")
    assert upgrade.status == RegistrationStatus.PROVINCE_APPROVAL
    result = upgrade.results.get()
    totals = [Decimal(row["total"]) for row in result.member_totals]
    assert result.level == "province" and result.potential_five and not result.eliminated
    assert result.final_star == 5 and result.failed_markers == [] and result.knockouts == []
    assert result.mean_score >= 90 and min(totals) >= 90 and max(totals) - min(totals) <= 10
    assert result.mean_score == (sum(totals) / len(totals)).quantize(Decimal("0.01"))
    assert len(totals) == result.item.session.council.members.filter(active=True).count()
    assert Registration.objects.get(product__name="Miến dong Tân An").commune.name == "Xã Côn Minh"
    # A dossier pending when D26 took effect (Điều 12.2): one of Na Rì's 2019 products not recognised then, filed
    # again on 10/04/2026 under the 148 rule set, still with the advisory team past its deadline of 21/07/2026; the
    # province's OCOP office counts it on its home.
    from dashboard.selectors import home_panels
    from evaluation.selectors.transition import transitional_state

    pending = Registration.objects.get(first_submitted_at__date__lt=dt.date(2026, 5, 22))
    assert pending.product.name.endswith("Na Rì, đợt 2019") and pending.legal_basis == "148/2023"
    assert pending.status == RegistrationStatus.ADVISORY_REVIEW and pending.commune.name == "Xã Côn Minh"
    assert transitional_state(pending) == {
        "deadline": dt.date(2026, 7, 21),
        "finished_on": None,
        "late": False,
        "overdue": True,
    }
    assert home_panels(user=User.objects.get(username="ocop.thainguyen"))["transitional_overdue"]["count"] == 1
    # Historic certificates keep their issuers, and the expiry watch has flagged them by date.
    assert Certificate.objects.filter(decision__issuer_name="UBND huyện Na Rì").count() == 4
    assert set(Certificate.objects.values_list("status", flat=True)) >= {
        CertificateStatus.EXPIRED,
        CertificateStatus.EXPIRING,
        CertificateStatus.RENEWAL_WINDOW,
        CertificateStatus.VALID,
    }

    # Plans from the seeds (seed 002: Tuyên Quang city's 58/KH-UBND of 18/3/2024 and its three targets), and the
    # province's plan of this year counting the demo's new 4-star certificate.
    tuyen_quang = Plan.objects.get(number="58/KH-UBND")
    assert tuyen_quang.unit.era == "historic" and tuyen_quang.targets.count() == 3
    this_year = Plan.objects.get(number="45/KH-UBND")
    achieved = {(row["target"].metric, row["target"].star): row["achieved"] for row in plan_progress(this_year)}
    assert achieved[("recognised_star", 4)] == 1
    # Miến dong Tài Hoan's 2018 certificate lapsed; recognised again through a first evaluation, it is not a new
    # product: it had been recognised before (a plan's "new" counts a product's first certificate ever); nor a
    # re-evaluation, the filing before expiry that keeps the certificate (Điều 7.6a, 12.3): it counts at its 4★ only.
    assert achieved[("new_recognised", None)] == 0 and achieved[("reevaluated", None)] == 0
    # Its upgrade, scored a potential 5★, waits under the upgrade target, not the 4★ one (Điều 7.3e).
    pipeline = {(row["target"].metric, row["target"].star): row["pipeline"] for row in plan_progress(this_year)}
    assert pipeline[("upgraded", 5)] == 1
    four = this_year.targets.get(metric="recognised_star", star=4)
    assert "Miến dong Tài Hoan" not in {r.product.name for r in target_pipeline(four)}

    # The programme's figures that the seed articles print, on the dashboards and in the report (issue 14).
    def evaluated(username, province=None):
        user = User.objects.get(username=username)
        province_id = province and AdministrativeUnit.objects.get(era="current", level="province", name=province).pk
        rows = programme_statistics(user=user, province_id=province_id)["evaluated"]
        return {r["label"]: (r["evaluated"], r["recognised"]) for r in rows}

    na_ri = evaluated("ocop.thainguyen")
    assert na_ri[2018] == (7, 6) and na_ri[2019] == (23, 14)  # seed 003
    years = programme_statistics(user=User.objects.get(username="ocop.thainguyen"))["years"]
    assert sum(r["stars"][0] for r in years if r["label"] <= 2019) == 19  # "01 sản phẩm đạt 4 sao và 19 … 3 sao"
    assert sum(r["stars"][1] for r in years if r["label"] <= 2019) == 1
    assert evaluated("ocop.trunguong", "Tỉnh Quảng Trị")[2020] == (64, 57)  # seed 004, Quảng Bình to end 2020
    assert evaluated("ocop.ninhbinh")[2020] == (5, 4)  # seed 000: five scored by Xuân Trường's council
    # Their producers name their old district as a sentence writes it (Nghị định 30/2020): "(thành phố Đồng Hới, …".
    old_districts = {
        n.split("(")[1].split(",")[0]
        for n in Producer.objects.filter(name__endswith="Quảng Bình cũ)").values_list("name", flat=True)
    }
    assert "thành phố Đồng Hới" in old_districts and all(name[0].islower() for name in old_districts)
    quang_tri = AdministrativeUnit.objects.get(era="current", level="province", name="Tỉnh Quảng Trị")
    report = programme_report(
        user=User.objects.get(username="ocop.trunguong"), period=ReportPeriod("year", 2020), province_id=quang_tri.pk
    )
    assert report["recognised"] == {"total": 57, "s3": 56, "s4": 1, "s5": 0}
    assert report["evaluated"]["evaluated"] == 64
    # Supervision (issue 17): one plan holding a compliant, a remedied and a revoked case, driven by the services.
    from supervision.choices import Outcome, RemedyStatus
    from supervision.models import Inspection, SupervisionPlan

    plan = SupervisionPlan.objects.get(number="15/KH-SNNMT")
    outcomes = {i.product.name: i for i in Inspection.objects.filter(plan=plan)}
    assert outcomes["Mật ong rừng Hương Rừng"].outcome == Outcome.COMPLIANT
    assert outcomes["Miến dong Tài Hoan"].remedy.status == RemedyStatus.ACCEPTED
    tea = outcomes["Trà Giảo cổ lam"]
    assert tea.outcome == Outcome.REVOKE and tea.certificate.status == CertificateStatus.REVOKED
    assert tea.certificate.revocation.proposed_by != tea.certificate.revocation.revoked_by
    # The visitor's complaint waits, with the token a web complaint carries (its receipt's address).
    from supervision.models import Complaint

    (complaint,) = Complaint.objects.all()
    assert complaint.status == "new" and complaint.submission is not None
    # Every paper the story issued cites the OCOP office's tờ trình it answers, as real ones do: the D26 decision and
    # the revocation (dated the day the council's result and the inspection's conclusion were found, as the story's
    # clock makes them), each old decision a few days before it was signed.
    from certificates.models import RecognitionDecision
    from certificates.selectors.decisions import decision_entries

    assert not RecognitionDecision.objects.filter(status="issued", submission_number="").exists()
    assert tea.certificate.revocation.submission_number == "131/TTr-SNNMT"
    assert all(
        d.submission_date < d.date and (d.date - d.submission_date).days <= 7
        for d in RecognitionDecision.objects.filter(is_historic=True)
    )
    nam_dinh_2020 = nam_dinh.decision
    assert (nam_dinh_2020.submission_number, nam_dinh_2020.submission_date) == ("111/TTr-SNN", dt.date(2020, 9, 25))
    from certificates import pdf as certificate_pdf

    for decision, cited in ((new.decision, "125/TTr-SNNMT"), (nam_dinh_2020, "111/TTr-SNN ngày 25/09/2020")):
        content = certificate_pdf.render_decision_pdf(
            decision=decision, entries=list(decision_entries(decision=decision))
        )
        pdf_text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
        assert f"tại Tờ trình số {cited}" in " ".join(pdf_text.decode().split())

    call_command("seed_demo")  # a second run creates nothing
    assert "không tạo thêm" in capsys.readouterr().out
    assert counts == (
        User.objects.count(),
        Producer.objects.count(),
        Product.objects.count(),
        Certificate.objects.count(),
        Registration.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.slow(12)
@pytest.mark.django_db
def test_it_builds_the_story_on_a_day_whose_old_decisions_share_a_number():
    """The story dates its historic Na Rì certificates from today and numbers each old decision after its month.
    From 5 December 2026 two of them, a year apart, fell on one district's "1210/QĐ-UBND", and `make run` stopped
    with "Quyết định số này đã được ghi với ngày khác": a number names one decision per issuer and year."""
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        call_command("seed_demo")
    decisions = Certificate.objects.filter(decision__number="1210/QĐ-UBND", is_historic=True).values_list(
        "decision__date", flat=True
    )
    assert sorted(decisions) == [dt.date(2023, 10, 26), dt.date(2024, 10, 1)]


@pytest.mark.slow(12)
@pytest.mark.django_db
def test_it_builds_the_story_early_in_the_year():
    """The story's plans of the year are signed in January and March: in the first days of a year those dates are
    still ahead, and a plan may not be signed in the future. `make run` works on any day."""
    import datetime as dt

    import time_machine

    from dashboard.models import Plan
    from supervision.models import SupervisionPlan

    with time_machine.travel(dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        call_command("seed_demo")
    assert SupervisionPlan.objects.get(number="15/KH-SNNMT").signed_on <= dt.date(2027, 1, 5)
    assert Plan.objects.filter(period_start=dt.date(2027, 1, 1)).get().signed_on <= dt.date(2027, 1, 5)
    # That day two of Na Rì's old certificates, Gà đồi Trần Phú and Trà Giảo cổ lam, fall in 2024 under the district,
    # and the story numbered them after the length of the product's name: "2024-NR-015" twice. A number names one
    # certificate of its issuer in its year (the public verification page looks certificates up by number).
    numbers = Counter(Certificate.objects.values_list("decision__issuer_name", "number", "issued_on__year"))
    assert [key for key, count in numbers.items() if count > 1] == []
    pair = Certificate.objects.filter(product__name__in=["Gà đồi Trần Phú", "Trà Giảo cổ lam"], number__contains="-NR-")
    assert {(c.decision.issuer_name, c.issued_on.year) for c in pair} == {("UBND huyện Na Rì", 2024)}
