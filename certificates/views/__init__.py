"""decisions: recognition decisions, their PDF and ZIP; certificates: certificates, downloads, verification,
revocation; expiry: the expiry watch."""
