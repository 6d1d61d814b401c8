"""The portal is public: what a visitor may see is decided in one place, portal/selectors.py."""
