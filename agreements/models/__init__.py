"""The models of agreements, a module per concept, all importable from here.

`agreement`: the agreement and its draft rows; `reference`: role options and templates;
`versions`: adopted versions, signatures, publications; `records`: decisions, evaluations,
reminders; `signing`: the signing plan; `printing`: stored PDFs; `discussion`: comments and
review rounds.
"""

from agreements.document.choices import (
    CoreValue,
    CouncilControl,
    DeadlockResolution,
    Enforceability,
    GovernanceStyle,
    MandateBasis,
    Publication,
    Raci,
    RuleSet,
    TableLevel,
    Theme,
)

from .agreement import (
    Agreement,
    EscalationStep,
    Mandate,
    Party,
    RaciCell,
    Table,
    ValueCommitment,
    WorkPackage,
)
from .discussion import (
    Comment,
    CommentThread,
    CommentVisibility,
    ReviewAnswer,
    Reviewer,
    ReviewRequest,
)
from .drafting import StepPresence, StepRevision
from .printing import ArchivedPdf, PdfKind, PdfStatus
from .records import (
    ActionStatus,
    Decision,
    DecisionAttachment,
    Evaluation,
    FollowUpAction,
    ReminderSent,
    Score,
)
from .reference import AgreementTemplate, RoleKind, RoleOption
from .signing import SigningPlanEntry
from .versions import PublishedVersion, Signature, SignatureMethod, Version

__all__ = [
    "ActionStatus",
    "Agreement",
    "AgreementTemplate",
    "ArchivedPdf",
    "Comment",
    "CommentThread",
    "CommentVisibility",
    "CoreValue",
    "CouncilControl",
    "DeadlockResolution",
    "Decision",
    "DecisionAttachment",
    "Enforceability",
    "EscalationStep",
    "Evaluation",
    "FollowUpAction",
    "GovernanceStyle",
    "Mandate",
    "MandateBasis",
    "Party",
    "PdfKind",
    "PdfStatus",
    "Publication",
    "PublishedVersion",
    "Raci",
    "RaciCell",
    "ReminderSent",
    "ReviewAnswer",
    "ReviewRequest",
    "StepPresence",
    "StepRevision",
    "Reviewer",
    "RoleKind",
    "RoleOption",
    "RuleSet",
    "Score",
    "Signature",
    "SignatureMethod",
    "SigningPlanEntry",
    "Table",
    "TableLevel",
    "Theme",
    "ValueCommitment",
    "Version",
    "WorkPackage",
]
