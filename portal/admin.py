"""Nothing to administer: the portal has no models."""
