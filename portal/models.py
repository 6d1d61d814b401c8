"""The portal stores nothing: it reads the certified products through portal/selectors.py."""
