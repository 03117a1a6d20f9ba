"""The signing plan (ondertekenvolgorde): in which round (tier) each party signs, and how many of
its representatives must sign for it (its quorum).

The opstellers set the plan on the draft (`SigningPlanEntry`, one row per party that differs
from the default); adoption freezes it into the version (`Version.signing_plan`), where it never
changes, like the rest of the version. A version without a plan is signed as before: every party
at once, one signature each. `requirements` reads a frozen plan; it is pure, so permissions,
signing, reminders and printing all read it the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from .agreement import Agreement

# Enough for a board of representatives; a larger number would be a typing error.
MAX_SIGNATORIES = 20


@dataclass(frozen=True)
class Requirement:
    """What one party's signing needs: its round, and `required` of its `signatories`."""

    tier: int = 1
    required: int = 1
    signatories: int = 1

    def as_json(self, key: str) -> dict:
        return {
            "party": key,
            "tier": self.tier,
            "required": self.required,
            "signatories": self.signatories,
        }


DEFAULT = Requirement()


def requirements(plan: dict | None, keys: Iterable[str]) -> dict[str, Requirement]:
    """Per party key (in the order of `keys`), its requirement under a frozen `plan`: the
    default (round 1, one signature) without a plan or for a party the plan does not name."""
    named = {
        entry["party"]: Requirement(entry["tier"], entry["required"], entry["signatories"])
        for entry in (plan or {}).get("parties", ())
    }
    return {key: named.get(key, DEFAULT) for key in keys}


def frozen_plan(entries: dict[str, Requirement], keys: Iterable[str]) -> dict | None:
    """The plan to freeze into a version with parties `keys`: rounds numbered 1, 2, 3 without
    gaps, parties the plan does not name in round 1; None when every party is signed as without
    a plan (round 1, one signature)."""
    keys = list(keys)
    chosen = {key: entries.get(key, DEFAULT) for key in keys}
    rounds = {
        tier: index for index, tier in enumerate(sorted({r.tier for r in chosen.values()}), 1)
    }
    plan = {
        key: Requirement(rounds[r.tier], r.required, r.signatories) for key, r in chosen.items()
    }
    if all(requirement == DEFAULT for requirement in plan.values()):
        return None
    return {"parties": [plan[key].as_json(key) for key in keys]}


class SigningPlanEntry(models.Model):
    """One party's round and quorum in the draft's signing plan; adoption freezes it.

    A draft row like the parties themselves: the opstellers change it until adoption, and it is
    the starting point of the next amendment. A party without an entry signs in round 1, once.
    """

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="signing_plan",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("partij"), on_delete=models.CASCADE, related_name="+"
    )
    tier = models.PositiveSmallIntegerField(_("ronde"), default=1)
    required = models.PositiveSmallIntegerField(_("benodigde handtekeningen"), default=1)
    signatories = models.PositiveSmallIntegerField(_("aantal vertegenwoordigers"), default=1)

    class Meta:
        verbose_name = _("ondertekenvolgorde van een partij")
        verbose_name_plural = _("ondertekenvolgorde")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="signing_plan_once_per_party"
            ),
            models.CheckConstraint(
                condition=Q(tier__gte=1, required__gte=1, signatories__lte=MAX_SIGNATORIES),
                name="signing_plan_positive",
            ),
            models.CheckConstraint(
                condition=Q(required__lte=F("signatories")), name="signing_plan_quorum_possible"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(party)s: ronde %(tier)d, %(required)d van %(signatories)d") % {
            "party": self.organisation,
            "tier": self.tier,
            "required": self.required,
            "signatories": self.signatories,
        }

    @property
    def requirement(self) -> Requirement:
        return Requirement(self.tier, self.required, self.signatories)
