"""No background jobs: public data is computed on demand and cached (ocop/cache.py holds its version)."""
