"""The portal writes nothing: no database row per visit (its cache lives in the Django cache)."""
