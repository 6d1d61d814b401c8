# The choices live in evaluation/choices.py. CommuneProposal, DocumentKind and RoundStatus stay importable from here
# for the modules that still take them from `evaluation.models` (services and views of registrations).
from .advisory import SiteVisit, SupplementRequest, TestRequest
from .councils import AgendaItem, Council, CouncilMember, CouncilSession
from .criteria import CriteriaVersion, Criterion, CriterionGroup, KnockoutRule, Option, Part, Scorecard
from .notices import ResultNotice
from .registrations import (
    CommuneProposal,
    CommuneReport,
    DocumentKind,
    DossierDocument,
    EvaluationRound,
    Registration,
    RoundStatus,
    SelfAssessmentAnswer,
)
from .results import CentralReferral, CouncilFinding, CouncilResult, Discussion
from .scoresheets import Score, ScoreSheet

__all__ = [
    "AgendaItem",
    "CentralReferral",
    "Council",
    "CouncilMember",
    "CouncilFinding",
    "CouncilResult",
    "Discussion",
    "CouncilSession",
    "CriteriaVersion",
    "Criterion",
    "CriterionGroup",
    "EvaluationRound",
    "KnockoutRule",
    "Option",
    "Part",
    "Registration",
    "ResultNotice",
    "RoundStatus",
    "Score",
    "CommuneProposal",
    "CommuneReport",
    "DocumentKind",
    "DossierDocument",
    "SiteVisit",
    "SupplementRequest",
    "TestRequest",
    "ScoreSheet",
    "Scorecard",
    "SelfAssessmentAnswer",
]
