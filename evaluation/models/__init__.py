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
from .registrations import EvaluationRound, Registration, RoundStatus, SelfAssessmentAnswer

__all__ = [
    "AgendaItem", "Council", "CouncilKind", "CouncilMember", "CouncilResult", "CouncilSession", "CriteriaVersion",
    "Criterion", "CriterionGroup", "EvaluationRound", "KnockoutRule", "MemberRole", "Option", "Part", "Registration",
    "RoundStatus", "Score", "ScoreSheet", "Scorecard", "SelfAssessmentAnswer", "SessionStatus", "SheetStatus",
]
