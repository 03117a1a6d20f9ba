"""One chronological story per agreement: drafts, versions, parties joining and leaving,
signatures, saves, decisions, evaluations, dates.

Built from the audit trail, the versions and the decision and evaluation rows; nothing is
stored twice. Consecutive builder saves by one person on one day are told as one entry. A party
joins or leaves with the version whose parties (`document["parties"]`, by key) differ from
those of the version before it; a decision names the version it was taken under (as recorded,
else the version in force, or the latest adopted, on its date).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditAction, AuditEvent, User
from agreements.discussion.comments import thread_url
from agreements.document.outline import STEP_BY_SLUG
from agreements.document.vocabulary import format_date
from agreements.models import (
    Agreement,
    Comment,
    CommentVisibility,
    Decision,
    Evaluation,
    Signature,
    SignatureMethod,
    Version,
)
from agreements.permissions import visible_threads
from agreements.versions.signing import is_fully_signed


@dataclass
class Entry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    actor: str = ""
    url: str = ""
    items: list[str] = field(default_factory=list)

    @property
    def day(self) -> date:
        return timezone.localtime(self.at).date()


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _actor(event: AuditEvent) -> str:
    return event.actor.full_name if event.actor else event.actor_label


def _version_entry(
    agreement: Agreement, event: AuditEvent, kind: str, message: str, *, detail: str
) -> Entry:
    """An event of one version (its number in the event's changes): `message` names the
    number, and the entry links to the version."""
    number = event.changes["version"][1]
    return Entry(
        event.at,
        kind,
        message % {"number": number},
        detail=detail,
        actor=_actor(event),
        url=reverse("version_detail", args=[agreement.pk, number]),
    )


def _versions(agreement: Agreement) -> list[Version]:
    """The agreement's versions in order, with their signatures, in two queries."""
    # .all() first: django-stubs' plugin copies prefetch_related onto a manager made from a custom
    # queryset (AppendOnlyQuerySet) without its type variables, and then refuses any Prefetch.
    return list(
        agreement.versions.all()
        .prefetch_related(Prefetch("signatures", Signature.objects.select_related("organisation")))
        .only("number", "document", "signing_plan", "adopted_at", "agreement_id")
        .order_by("number")
    )


def _party_names(version: Version) -> dict[str, str]:
    """The parties of a version by key, with their official names."""
    names = {}
    for party in version.document.get("parties", []):
        organisation = party.get("organisation") or {}
        key = str(party.get("key") or organisation.get("official_name") or "")
        names[key] = organisation.get("official_name") or organisation.get("name") or key
    return names


def _party_entries(agreement: Agreement, versions: list[Version]) -> list[Entry]:
    """A party joining or leaving, with the version that first (or no longer) names it."""
    entries = []
    for before, version in zip(versions, versions[1:], strict=False):
        old, new = _party_names(before), _party_names(version)
        url = reverse("version_detail", args=[agreement.pk, version.number])
        for key, name in new.items():
            if key not in old:
                entries.append(
                    Entry(
                        version.adopted_at,
                        "party",
                        _("%(party)s trad toe met versie %(number)s")
                        % {"party": name, "number": version.number},
                        url=url,
                    )
                )
        for key, name in old.items():
            if key not in new:
                entries.append(
                    Entry(
                        version.adopted_at,
                        "party",
                        _("%(party)s trad uit met versie %(number)s")
                        % {"party": name, "number": version.number},
                        url=url,
                    )
                )
    return entries


def _version_on(versions: list[Version], day: date) -> Version | None:
    """`adoption.version_on` over versions already read: the latest version every party had
    signed by the end of `day`, else the latest adopted by then."""
    end_of_day = timezone.make_aware(datetime.combine(day, time.max))
    adopted = [version for version in reversed(versions) if version.adopted_at <= end_of_day]
    for version in adopted:
        if is_fully_signed(version, until=end_of_day):
            return version
    return adopted[0] if adopted else None


def _decision_title(decision: Decision, versions: list[Version]) -> str:
    number = (
        decision.version.number
        if decision.version is not None
        else getattr(_version_on(versions, decision.decided_on), "number", None)
    )
    if number is None:
        return _("Besluit van %(table)s (vóór de eerste vastgestelde versie)") % {
            "table": decision.table_name
        }
    return _("Besluit van %(table)s (onder versie %(number)s)") % {
        "table": decision.table_name,
        "number": number,
    }


def _latest(record: Decision | Evaluation) -> Decision | Evaluation:
    """The record itself, or its correction (one step: the correction says if it was corrected
    again)."""
    return getattr(record, "correction", None) or record


def _correction_prefix(record: Decision | Evaluation) -> str:
    if getattr(record, "correction", None) is not None:
        return _("Gecorrigeerd") + ": "
    if record.corrects_id:
        return _("Correctie") + ": "
    return ""


def _correction_note(record: Decision | Evaluation) -> str:
    """What a correction says was wrong, or when the record was corrected."""
    correction = getattr(record, "correction", None)
    if correction is not None:
        return _("Op %(date)s gecorrigeerd; zie de correctie. Zoals eerst vastgelegd: ") % {
            "date": format_date(timezone.localdate(correction.recorded_at))
        }
    if record.corrects_id:
        return _("Wat er niet klopte: %(reason)s. ") % {"reason": record.correction_reason}
    return ""


def _signature_entries(agreement: Agreement, versions: list[Version]) -> list[Entry]:
    """Each party's signature, and the moment a version had every party's signature."""
    entries = []
    for version in versions:
        signatures = sorted(version.signatures.all(), key=lambda s: s.recorded_at)
        for signature in signatures:
            paper = signature.method == SignatureMethod.PAPER
            entries.append(
                Entry(
                    signature.recorded_at,
                    "signature",
                    _("Versie %(number)s ondertekend door %(party)s")
                    % {"number": version.number, "party": signature.organisation.name},
                    detail=_("%(name)s (%(function)s), bevoegd op grond van %(basis)s")
                    % {
                        "name": signature.signatory_name,
                        "function": signature.signatory_function,
                        "basis": signature.basis,
                    }
                    + (" — " + _("op papier") if paper else ""),
                    url=reverse("version_detail", args=[agreement.pk, version.number]),
                )
            )
        if signatures and is_fully_signed(version):
            entries.append(
                Entry(
                    signatures[-1].recorded_at,
                    "status",
                    _("Versie %(number)s is door alle partijen ondertekend")
                    % {"number": version.number},
                )
            )
    return entries


def _comment_entries(agreement: Agreement, viewer: User) -> list[Entry]:
    """The comments the viewer may read (`permissions.visible_threads`), each with its draft."""
    entries = []
    for comment in (
        Comment.objects.filter(thread__in=visible_threads(viewer, agreement))
        .select_related("thread", "thread__organisation")
        .order_by("created_at")
    ):
        thread = comment.thread
        step = STEP_BY_SLUG.get(thread.step)
        title = _("Opmerking bij ‘%(step)s’, concept voor versie %(number)s") % {
            "step": step.title if step else thread.step,
            "number": thread.draft_number,
        }
        if thread.visibility == CommentVisibility.INTERNAL:
            title += (
                " ("
                + _("intern %(organisation)s") % {"organisation": thread.organisation.name}
                + ")"
            )
        entries.append(
            Entry(
                comment.created_at,
                "comment",
                title,
                detail=comment.body,
                actor=comment.author_label,
                url=thread_url(thread),
            )
        )
    return entries


def timeline(
    agreement: Agreement, today: date | None = None, viewer: User | None = None
) -> list[Entry]:
    """Everything that happened to the agreement, oldest first; with a `viewer`, also the
    comments that person may read."""
    today = today or timezone.localdate()
    entries: list[Entry] = []
    events = (
        AuditEvent.objects.filter(
            object_type=Agreement._meta.label_lower, object_id=str(agreement.pk)
        )
        .select_related("actor", "organisation")
        .order_by("at", "id")
    )
    last_save: Entry | None = None
    for event in events:
        changes = event.changes
        if event.action == AuditAction.STEP_SAVED:
            step = STEP_BY_SLUG.get((changes.get("step") or [""])[0])
            label = str(step.title) if step else ""
            if (
                last_save is not None
                and last_save.actor == _actor(event)
                and last_save.day == timezone.localtime(event.at).date()
            ):
                if label and label not in last_save.items:
                    last_save.items.append(label)
                continue
            last_save = Entry(event.at, "save", _("Concept bewerkt"), actor=_actor(event))
            last_save.items.append(label)
            entries.append(last_save)
            continue
        last_save = None
        if event.action == AuditAction.AGREEMENT_CREATED:
            entries.append(Entry(event.at, "created", _("Afspraak begonnen"), actor=_actor(event)))
        elif event.action == AuditAction.DRAFT_STARTED:
            based_on = (changes.get("based_on") or [None, None])[1]
            entries.append(
                Entry(
                    event.at,
                    "draft",
                    _("Wijziging begonnen op basis van versie %(number)s") % {"number": based_on},
                    actor=_actor(event),
                )
            )
        elif event.action == AuditAction.VERSION_ADOPTED:
            entries.append(
                _version_entry(
                    agreement,
                    event,
                    "version",
                    _("Versie %(number)s vastgesteld"),
                    detail=(changes.get("note") or [None, ""])[1] or "",
                )
            )
        elif event.action == AuditAction.VERSION_PUBLISHED:
            entries.append(
                _version_entry(
                    agreement,
                    event,
                    "published",
                    _("Versie %(number)s openbaar gemaakt in het register"),
                    detail=event.organisation.name if event.organisation else "",
                )
            )
    versions = _versions(agreement)
    decision_list = reverse("decision_list", args=[agreement.pk])
    for decision in agreement.decisions.select_related(
        "recorded_by", "version", "correction", "corrects"
    ):
        detail = decision.what + (f" ({decision.reference})" if decision.reference else "")
        entries.append(
            Entry(
                _aware(decision.decided_on),
                "decision",
                _correction_prefix(decision) + _decision_title(decision, versions),
                detail=_correction_note(decision) + detail,
                actor=decision.recorded_by.full_name if decision.recorded_by else "",
                # A corrected decision links to its correction.
                url=f"{decision_list}#besluit-{_latest(decision).pk}",
            )
        )
    for evaluation in agreement.evaluations.select_related("recorded_by", "correction", "corrects"):
        detail = _("Leidt tot een wijziging.") if evaluation.leads_to_amendment else ""
        entries.append(
            Entry(
                _aware(evaluation.held_on),
                "evaluation",
                _correction_prefix(evaluation)
                + _("Evaluatie: inhoud %(content)d, proces %(process)d, relatie %(relationship)d")
                % {
                    "content": evaluation.content_score,
                    "process": evaluation.process_score,
                    "relationship": evaluation.relationship_score,
                },
                detail=_correction_note(evaluation) + detail,
                actor=evaluation.recorded_by.full_name if evaluation.recorded_by else "",
                url=reverse("evaluation_detail", args=[agreement.pk, _latest(evaluation).pk]),
            )
        )
    entries.extend(_party_entries(agreement, versions))
    entries.extend(_signature_entries(agreement, versions))
    if viewer is not None:
        entries.extend(_comment_entries(agreement, viewer))
    # The dates that count are those of the version in force (see status.with_status).
    latest_id = agreement.signed_version_id or agreement.current_version_id
    latest = (
        agreement.versions.filter(pk=latest_id).only("start_date", "end_date").first()
        if latest_id
        else None
    )
    if latest and latest.start_date and latest.start_date <= today:
        entries.append(Entry(_aware(latest.start_date), "status", _("Ingangsdatum bereikt")))
    if latest and latest.end_date and latest.end_date < today:
        entries.append(Entry(_aware(latest.end_date), "status", _("Einddatum verstreken")))
    if agreement.terminated_on and agreement.terminated_on <= today:
        entries.append(Entry(_aware(agreement.terminated_on), "status", _("Beëindigd")))
    return sorted(entries, key=lambda entry: entry.at)
