"""The dashboard's pages by subject: the home page and search, the dashboards and their figures, the programme's
plans, the periodic report, past rounds' evaluations. The URLs say `views.<name>`: the names are listed here."""

from .figures import figure_list, statistics
from .history import (
    historic_evaluation_create,
    historic_evaluation_delete,
    historic_evaluation_import,
    historic_evaluation_list,
    historic_evaluation_template,
)
from .home_page import home, registry_search
from .plans import (
    plan_create,
    plan_delete,
    plan_detail,
    plan_document,
    plan_list,
    plan_target_detail,
    plan_targets_import,
    plan_targets_template,
    plan_update,
)
from .reports import report, report_job_create, report_job_detail, report_job_download

__all__ = [
    "figure_list",
    "historic_evaluation_create",
    "historic_evaluation_delete",
    "historic_evaluation_import",
    "historic_evaluation_list",
    "historic_evaluation_template",
    "home",
    "plan_create",
    "plan_delete",
    "plan_detail",
    "plan_document",
    "plan_list",
    "plan_target_detail",
    "plan_targets_import",
    "plan_targets_template",
    "plan_update",
    "registry_search",
    "report",
    "report_job_create",
    "report_job_detail",
    "report_job_download",
    "statistics",
]
