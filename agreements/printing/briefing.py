"""The briefing: one page (and its PDF) for someone new at the table, such as a raadslid.

It follows the text that counts on the day asked (`versions.standing.standing_on`), never
simply the latest adopted version: a version adopted but not yet signed by every party does
not count, and the briefing says so ("Versie 3 is vastgesteld op …; 2 van 9 partijen hebben
ondertekend"). When no text was in force on that day (nothing adopted, awaiting signatures, not
yet in force, expired, ended) it says that plainly and what it shows instead: the adopted text,
the last text, or the draft.

`briefing_for` gathers everything the screen and the PDF show into one `Briefing`; both render
the same partial (`agreements/_briefing.html`), so they cannot drift apart. The PDF is PDF/A-3a
through the version PDF's own pipeline (`pdfa.archival_pdf`).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Layer
from agreements.document.build import build_document, load_agreement
from agreements.document.presentation import readable
from agreements.document.vocabulary import format_date, format_period
from agreements.models import Agreement, Decision, Version
from agreements.printing.pdfa import archival_pdf
from agreements.versions.signing import party_keys
from agreements.versions.standing import Signed, Standing, StandingOn, standing_on

# How many of the latest decisions the briefing lists.
DECISIONS = 5

# The elected body whose control over the agreement the document records, by layer. A party
# of another layer (a partner, the rijk) is listed only when the document records a control.
ELECTED = {Layer.GEMEENTE, Layer.PROVINCIE, Layer.WATERSCHAP}
ELECTED_BODY = {
    Layer.GEMEENTE: gettext_lazy("Gemeenteraad"),
    Layer.PROVINCIE: gettext_lazy("Provinciale Staten"),
    Layer.WATERSCHAP: gettext_lazy("Algemeen bestuur"),
    Layer.RIJK: gettext_lazy("Staten-Generaal"),
}


@dataclass(frozen=True)
class Council:
    """How much say one party's elected body has."""

    party: str
    body: str
    control: str  # the control form's label, or "" when the document records none
    note: str


@dataclass(frozen=True)
class DecisionLine:
    decided_on: date
    what: str
    body: str  # the table that decided
    reference: str
    version_number: int | None


@dataclass(frozen=True)
class Briefing:
    agreement: Agreement
    day: date
    standing: StandingOn
    version: Version | None  # the text the briefing shows; None: the draft
    in_force: bool  # that text was in force on the day
    lines: list[str]  # which text this is and where it stood, in plain sentences
    doc: dict[str, Any]  # the readable document of that text
    councils: list[Council]
    decisions: list[DecisionLine]
    next_evaluation: date | None
    period: str

    @property
    def title(self) -> str:
        return self.doc["task"]["title"] or self.agreement.title

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()


def _in_force_since(version: Version) -> date | None:
    """The day every party had signed, or the start date when that came later."""
    keys = set(party_keys(version))
    days = [
        timezone.localdate(signature.recorded_at)
        for signature in version.signatures.all()
        if str(signature.organisation_id) in keys
    ]
    signed = max(days) if days else None
    start = version.start_date
    if signed is None or (start is not None and start > signed):
        return start
    return signed


def _newer_line(newer: Signed, current: Version | None) -> str:
    said = _(
        "Versie %(number)d is vastgesteld op %(adopted)s; %(signed)d van %(parties)d partijen "
        "hebben ondertekend."
    ) % {
        "number": newer.version.number,
        "adopted": format_date(timezone.localdate(newer.version.adopted_at)),
        "signed": newer.signed,
        "parties": newer.parties,
    }
    if current is None:
        return said
    return f"{said} " + _(
        "Zolang niet alle partijen hebben ondertekend, volgt deze briefing versie %(number)d."
    ) % {"number": current.number}


def standing_lines(answer: StandingOn) -> list[str]:
    """Which text the briefing follows and where it stood on the day, in plain sentences."""
    version = answer.version
    lines: list[str] = []
    if answer.standing == Standing.NOTHING_ADOPTED:
        lines.append(
            _(
                "Er is nog geen vastgestelde versie. Deze briefing volgt het concept zoals het "
                "nu is; daarover is nog niets afgesproken."
            )
        )
    elif answer.standing == Standing.TERMINATED:
        ended = format_date(answer.terminated_on)
        if version is None:
            lines.append(
                _(
                    "De afspraak is beëindigd per %(ended)s, zonder vastgestelde versie. Deze "
                    "briefing volgt het laatste concept."
                )
                % {"ended": ended}
            )
        else:
            lines.append(
                _(
                    "De afspraak is beëindigd per %(ended)s. Deze briefing volgt de laatste "
                    "tekst, versie %(number)d; die geldt niet meer."
                )
                % {"ended": ended, "number": version.number}
            )
    elif version is not None and answer.standing == Standing.AWAITING_SIGNATURES:
        signed = answer.signed
        assert signed is not None  # noqa: S101 -- standing_on gives it with this standing
        lines.append(
            _(
                "Er is nog geen tekst in werking. Versie %(number)d is vastgesteld op "
                "%(adopted)s, maar nog niet door alle partijen ondertekend: %(signed)d van "
                "%(parties)d partijen hebben ondertekend. Deze briefing volgt die vastgestelde "
                "tekst."
            )
            % {
                "number": version.number,
                "adopted": format_date(timezone.localdate(version.adopted_at)),
                "signed": signed.signed,
                "parties": signed.parties,
            }
        )
    elif version is not None and answer.standing == Standing.NOT_YET_IN_FORCE:
        lines.append(
            _(
                "Volgens versie %(number)d. Alle partijen hebben ondertekend, maar de afspraak "
                "is nog niet in werking: zij treedt in werking op %(start)s."
            )
            % {"number": version.number, "start": format_date(version.start_date)}
        )
    elif version is not None and answer.standing == Standing.EXPIRED:
        lines.append(
            _(
                "De afspraak is verlopen op %(end)s. Deze briefing volgt de laatste tekst, "
                "versie %(number)d; die geldt niet meer."
            )
            % {"end": format_date(version.end_date), "number": version.number}
        )
    elif version is not None:
        since = _in_force_since(version)
        if since is None:
            lines.append(_("Volgens versie %(number)d, in werking.") % {"number": version.number})
        else:
            lines.append(
                _("Volgens versie %(number)d, in werking sinds %(since)s.")
                % {"number": version.number, "since": format_date(since)}
            )
    if answer.newer is not None:
        lines.append(_newer_line(answer.newer, version))
    return lines


def _councils(doc: dict[str, Any]) -> list[Council]:
    councils = []
    for party in doc["parties"]:
        layer = party["organisation"]["layer"]
        control = party["council"].get("control", "")
        if layer not in ELECTED and not control:
            continue
        councils.append(
            Council(
                party=party["name"],
                body=str(ELECTED_BODY.get(layer, _("Bestuur"))),
                control=party["council_label"] if control else "",
                note=party["council"].get("note", ""),
            )
        )
    return councils


def _decisions(agreement: Agreement, day: date) -> list[DecisionLine]:
    decisions = (
        # A corrected decision is told by its correction.
        Decision.objects.filter(agreement=agreement, decided_on__lte=day, correction__isnull=True)
        .select_related("version")
        .only("decided_on", "what", "table_name", "reference", "version__number")
        .order_by("-decided_on", "-recorded_at")[:DECISIONS]
    )
    return [
        DecisionLine(
            decided_on=decision.decided_on,
            what=decision.what,
            body=decision.table_name,
            reference=decision.reference,
            version_number=decision.version.number if decision.version else None,
        )
        for decision in decisions
    ]


def _as_date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def briefing_for(agreement: Agreement, day: date) -> Briefing:
    """The briefing of `agreement` as it stood at the end of `day`."""
    answer = standing_on(agreement, day)
    version = answer.version
    document = version.document if version else build_document(load_agreement(agreement.pk))
    doc = readable(document)
    return Briefing(
        agreement=agreement,
        day=day,
        standing=answer,
        version=version,
        in_force=answer.standing == Standing.IN_FORCE,
        lines=standing_lines(answer),
        doc=doc,
        councils=_councils(doc),
        decisions=_decisions(agreement, day),
        next_evaluation=_as_date(doc["term"].get("next_evaluation")),
        period=format_period(
            doc["term"].get("start_date"),
            doc["term"].get("end_date"),
            indefinite=bool(doc["term"].get("indefinite")),
        ),
    )


def briefing_html(briefing: Briefing) -> str:
    """The print HTML of the briefing."""
    return render_to_string("agreements/print/briefing.html", {"briefing": briefing})


def render_briefing_pdf(briefing: Briefing) -> tuple[str, bytes]:
    """The briefing's print HTML and its PDF/A-3a bytes (the version PDF's pipeline)."""
    html = briefing_html(briefing)
    return html, archival_pdf(html)
