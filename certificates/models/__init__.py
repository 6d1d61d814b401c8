# Split by subject: decisions (recognition decisions and their annex), certificates (certificates, their PDFs and
# verification counts), status (a certificate's status of the day), revocations, expiry (the expiry watch's rows).
# The rules of the status of the day are imported from certificates.models.status.
from .certificates import Certificate, CertificatePdf, VerificationDay, new_verify_token
from .decisions import DecisionEntry, RecognitionDecision
from .expiry import CertificateNotice, CertificateReevaluation, OfficerDigest
from .revocations import Revocation

__all__ = [
    "Certificate",
    "CertificateNotice",
    "CertificatePdf",
    "CertificateReevaluation",
    "DecisionEntry",
    "OfficerDigest",
    "RecognitionDecision",
    "Revocation",
    "VerificationDay",
    "new_verify_token",  # the migrations name it here (certificates.models.new_verify_token)
]
