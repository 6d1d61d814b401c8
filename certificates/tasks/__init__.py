# Celery autodiscovers `certificates.tasks`; each area's tasks are imported here.
from .decisions import *  # noqa: F401,F403
from .expiry import *  # noqa: F401,F403
