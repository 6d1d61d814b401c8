"""Photos stored with their metadata before uploads left it behind: the inspectors' photos (shown to the producer),
the complaints' photos (an anonymous visitor's, shown to the province's officers) and the photos sent as remedy
evidence, written anew without it by products.photos.stored_photos_strip_metadata, like the product photos."""

from products.photos import product_photos_strip_metadata, stored_photos_strip_metadata

from ..models import Complaint, InspectionPhoto, RemedyEvidence


def photos_strip_metadata() -> dict[str, int]:
    """How many photos of each kind were written without their metadata. Safe to run again."""
    return {
        "product": product_photos_strip_metadata(),
        "inspection": stored_photos_strip_metadata(InspectionPhoto.objects.all(), "image", "thumbnail"),
        "complaint": stored_photos_strip_metadata(Complaint.objects.exclude(photo=""), "photo"),
        "remedy": stored_photos_strip_metadata(RemedyEvidence.objects.all(), "file"),  # PDFs are skipped
    }
