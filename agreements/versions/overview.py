"""Who has signed a version and whose turn it is: per party its signatures, its round and its
quorum under the version's signing plan (models/signing.py), and the rounds in order.

Pure reading, shared by the pages, the PDF, the reminders and `signing.sign_version` itself, so
that all of them count the same way.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import Signature
from agreements.models.signing import DEFAULT, Requirement, requirements


@dataclass(frozen=True)
class PartySignature:
    """One party of a version: its round and quorum in the signing plan, and its signatures."""

    organisation_id: str
    name: str
    signatures: tuple[Signature, ...] = ()
    requirement: Requirement = DEFAULT

    @property
    def tier(self) -> int:
        return self.requirement.tier

    @property
    def complete(self) -> bool:
        """Has the party signed: as many signatures as its quorum asks?"""
        return len(self.signatures) >= self.requirement.required

    @property
    def signature(self) -> Signature | None:
        """The party's (first) signature, once the party is complete; None before."""
        return self.signatures[0] if self.complete and self.signatures else None

    @property
    def blocks(self) -> list[Signature | None]:
        """The party's signature blocks in the PDF: one per signature its quorum asks for,
        filled in with its signatures once it is complete."""
        if not self.complete:
            return [None] * self.requirement.required
        return list(self.signatures)

    @property
    def signatory_names(self) -> str:
        """ "A en B": who signed for the party."""
        return names(signature.signatory_name for signature in self.signatures)

    @property
    def quorum(self) -> str:
        """ "2 van 3 vertegenwoordigers"; empty for a party that signs once (no quorum)."""
        required, signatories = self.requirement.required, self.requirement.signatories
        if signatories <= 1:
            return ""
        return ngettext(
            "%(required)d van %(signatories)d vertegenwoordiger",
            "%(required)d van %(signatories)d vertegenwoordigers",
            signatories,
        ) % {"required": required, "signatories": signatories}

    @property
    def progress(self) -> str:
        """ "1 van de 2 handtekeningen" while a quorum is not met; empty otherwise."""
        if self.complete or self.requirement.required <= 1:
            return ""
        return _("%(count)d van de %(required)d handtekeningen") % {
            "count": len(self.signatures),
            "required": self.requirement.required,
        }


@dataclass(frozen=True)
class Tier:
    """One round of the signing plan: the parties that sign in it, at the same time."""

    number: int
    entries: list[PartySignature]

    @property
    def complete(self) -> bool:
        return all(entry.complete for entry in self.entries)

    @property
    def names(self) -> str:
        return names(entry.name for entry in self.entries)


@dataclass(frozen=True)
class SigningOverview:
    """Per party of a version (in the document's order), its signatures, with the plan's rounds
    and whose turn it is; iterates over the parties. `number`: the version's, when known."""

    entries: list[PartySignature]
    number: int | None = None

    def __iter__(self) -> Iterator[PartySignature]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def complete(self) -> bool:
        return all(entry.complete for entry in self.entries)

    @property
    def tiers(self) -> list[Tier]:
        numbers = sorted({entry.tier for entry in self.entries})
        return [Tier(n, [e for e in self.entries if e.tier == n]) for n in numbers]

    @property
    def tiered(self) -> bool:
        """Do the parties sign in more than one round?"""
        return len({entry.tier for entry in self.entries}) > 1

    @property
    def current_tier(self) -> Tier | None:
        """The first round with a party that has not completed its signing; None when done."""
        return next((tier for tier in self.tiers if not tier.complete), None)

    @property
    def awaiting(self) -> list[PartySignature]:
        """The parties whose turn it is: those of the current round that have not completed."""
        tier = self.current_tier
        return [entry for entry in tier.entries if not entry.complete] if tier else []

    @property
    def turn(self) -> str:
        """Whose turn it is: "Ronde 2 van 3: Noord-Brabant" (or, in one round, the names of
        those who have not signed); empty when every party has signed."""
        awaiting = self.awaiting
        if not awaiting:
            return ""
        who = names(entry.name for entry in awaiting)
        if not self.tiered:
            return who
        assert self.current_tier is not None  # noqa: S101 -- there are parties awaiting
        return _("Ronde %(tier)d van %(tiers)d: %(names)s") % {
            "tier": self.current_tier.number,
            "tiers": len(self.tiers),
            "names": who,
        }

    def entry(self, key: str) -> PartySignature:
        return next(entry for entry in self.entries if entry.organisation_id == key)


def names(items: Iterable[str]) -> str:
    """ "A, B en C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def party_signatures(
    document: dict,
    signatures: Iterable[Signature] = (),
    *,
    plan: dict | None = None,
    official_names: bool = False,
    number: int | None = None,
) -> SigningOverview:
    """Per party of an agreement document (in its order), its signatures among `signatures`
    (in the order recorded) and its requirement under the version's signing `plan`."""
    by_party: dict[str, list[Signature]] = {}
    for signature in sorted(signatures, key=lambda s: s.recorded_at):
        by_party.setdefault(str(signature.organisation_id), []).append(signature)
    name = "official_name" if official_names else "name"
    keys = [party["key"] for party in document["parties"]]
    required = requirements(plan, keys)
    return SigningOverview(
        [
            PartySignature(
                party["key"],
                (party.get("organisation") or {}).get(name, ""),
                tuple(by_party.get(party["key"], ())),
                required[party["key"]],
            )
            for party in document["parties"]
        ],
        number,
    )
