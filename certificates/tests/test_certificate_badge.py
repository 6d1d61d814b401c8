"""The certificate status badge that lists repeat on every row (certificates/templatetags/certificate_ui.py)."""

from types import SimpleNamespace

from certificates.templatetags.certificate_ui import certificate_badge


def test_the_certificate_badge_colours_each_status():

    colour = {
        s: certificate_badge(SimpleNamespace(status_today=s)) for s in ["valid", "revoked", "expired", "expiring"]
    }
    assert 'text-bg-success" data-status="valid">Còn hiệu lực<' in colour["valid"]
    assert "text-bg-danger" in colour["revoked"] and "text-bg-secondary" in colour["expired"]
    assert 'text-bg-warning" data-status="expiring">Sắp hết hạn<' in colour["expiring"]
