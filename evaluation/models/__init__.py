from .councils import (
    AgendaItem,
    Council,
    CouncilKind,
    CouncilMember,
    CouncilResult,
    CouncilSession,
    MemberRole,
    Score,
    ScoreSheet,
    SessionStatus,
    SheetStatus,
)
from .criteria import CriteriaVersion, Criterion, CriterionGroup, KnockoutRule, Option, Part, Scorecard
from .registrations import (
    CommuneProposal,
    CommuneReport,
    DocumentKind,
    DossierDocument,
    EvaluationRound,
    FormNumberCounter,
    Registration,
    RoundStatus,
    SelfAssessmentAnswer,
    SiteVisit,
    SupplementRequest,
    TestRequest,
)

__all__ = [
    "AgendaItem", "Council", "CouncilKind", "CouncilMember", "CouncilResult", "CouncilSession", "CriteriaVersion",
    "Criterion", "CriterionGroup", "EvaluationRound", "KnockoutRule", "MemberRole", "Option", "Part", "Registration",
    "RoundStatus", "Score", "CommuneProposal", "CommuneReport", "DocumentKind", "DossierDocument",
    "FormNumberCounter", "SiteVisit", "SupplementRequest", "TestRequest", "ScoreSheet", "Scorecard", "SelfAssessmentAnswer", "SessionStatus", "SheetStatus",
]
