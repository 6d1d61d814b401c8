"""Reads for decisions and certificates, always starting from `for_user`; the public verification view
has its own selector that returns only what is printed.

Split by subject: decisions (the register), certificates (lists, search, documents), verification (the public
page and its visits), revocations, expiry (the expiry watch's list and counts)."""
