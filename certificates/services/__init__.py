"""decisions: decisions, certificates, PDFs, verification, revocation; expiry: the expiry watch."""
