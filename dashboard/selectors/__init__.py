from .home import home_panels, producer_worklist  # noqa: F401
