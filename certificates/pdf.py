"""Certificate and decision PDFs with WeasyPrint.

Rendering (fonts, the no-network URL fetcher) is ocop.pdf's; here are what certificates add: stars as
inline SVG (★ is not in Be Vietnam Pro) and the QR code as inline SVG from segno.
"""

import segno
from django.utils.safestring import mark_safe

from ocop.pdf import render_html, render_pdf

STAR_PATH = "M12 1.5l3.09 6.9 7.41.74-5.6 4.98 1.64 7.38L12 17.6l-6.54 3.9 1.64-7.38L1.5 9.14l7.41-.74z"


def stars_svg(count: int, *, size: int = 34, colour: str = "#c8102e") -> str:
    """`count` filled stars as one inline SVG (drawn, so no font is needed)."""
    gap = size // 5
    width = count * size + (count - 1) * gap
    stars = "".join(
        f'<path transform="translate({i * (size + gap)} 0) scale({size / 24})" d="{STAR_PATH}" fill="{colour}"/>'
        for i in range(count)
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size}" viewBox="0 0 {width} {size}" '
        f'role="img" aria-label="{count} sao">{stars}</svg>'
    )


def qr_svg(url: str, *, scale: int = 4) -> str:
    """The verification URL as an inline SVG QR code (error correction M, quiet zone kept for scanners)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, border=4, dark="#000", light="#fff"))


def render_certificate_pdf(*, certificate, verify_url: str) -> bytes:
    """The certificate as PDF bytes (A4 landscape). Called once per version by the render service."""
    return render_pdf(
        "certificates/pdf/certificate.html",
        {
            "c": certificate,
            "decision": certificate.decision,
            "stars": stars_svg(certificate.star),
            "qr": qr_svg(verify_url),
            "verify_url": verify_url,
        },
    )


def render_decision_pdf(*, decision, entries) -> bytes:
    """The recognition decision with its annex (products, producers, stars), marked DỰ THẢO until issued."""
    return render_pdf("certificates/pdf/decision.html", {"decision": decision, "entries": entries})


def warm_up() -> None:
    """Render a one-line document so a worker's first real certificate is not the slow one."""
    render_html("<p>OCOP</p>")
