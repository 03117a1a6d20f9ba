"""Seeding the registry corpus through the app's own domain functions.

Each spec is imported as a draft by its first party's opsteller (`import_agreement`), adopted
(`adopt_version`), signed by every party's ondertekenaar (`sign_version`), published
(`publish_version`), and given its decisions and evaluations (`record_decision`,
`record_evaluation`), at dates in the past, as the demo's own history is (demo/scenario.py).
The app has no function to terminate an agreement (its status beëindigd is a date on the
agreement, set by staff); a terminated spec gets that date and the decision that ended it.

Statuses depend on today: a spec is seeded so that it has its status on the day it is seeded
(an ondertekend agreement's start date moves into the future, an in-force one's end date stays
ahead). Organisations outside the cast get an opsteller and an ondertekenaar without a password:
they sign in the corpus's history but nobody logs in as them.
"""

import zlib
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Layer, Membership, Organisation, Role, User
from accounts.reference import DEFAULT_PATH, load_reference_organisations
from agreements.drafting.importing import import_agreement
from agreements.models import ActionStatus, Agreement
from agreements.records import decisions, evaluations
from agreements.versions import adoption, publication, signing
from agreements.versions.status import Status
from demo import cast
from demo.registry import AGREEMENTS
from demo.registry.document import build, person_name
from demo.registry.specs import PARTNERS, Spec

CAST_SLUGS = {spec.code or spec.official_name: spec.slug for spec in cast.ORGANISATIONS}
SIGNED = {Status.ONDERTEKEND, Status.IN_WERKING, Status.VERLOPEN, Status.BEEINDIGD}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _organisations() -> dict[str, Organisation]:
    """Every party of the corpus by its code or partner slug: the reference organisations
    (loaded from the official list when one is missing) and the partners (added here)."""
    codes = {ref for spec in AGREEMENTS for ref in spec.parties if ref not in PARTNERS}
    found = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    if set(found) != codes:
        load_reference_organisations(path=DEFAULT_PATH)
        found = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    for slug, partner in PARTNERS.items():
        found[slug], _ = Organisation.objects.get_or_create(
            official_name=partner.official_name,
            layer=Layer.PARTNER,
            defaults={
                "name": partner.name,
                "partner_kind": partner.kind,
                "abbreviation": partner.abbreviation,
                "place": partner.place,
            },
        )
    return found


# (party ref, role) -> the member who acts in that role.
People = dict[tuple[str, str], User]


def _people(organisations: dict[str, Organisation]) -> People:
    """Every party's opsteller and ondertekenaar: the cast's people (seeded by the demo before
    the corpus), and for the other organisations people made here, in a few queries."""
    wanted = {
        (ref, role): cast.email(role, CAST_SLUGS.get(key(organisations[ref]), ref.lower()))
        for spec in AGREEMENTS
        for ref in spec.parties
        for role in (Role.OPSTELLER, Role.ONDERTEKENAAR)
    }
    found = {user.email: user for user in User.objects.filter(email__in=wanted.values())}
    new = []
    for (ref, role), email in wanted.items():
        organisation = organisations[ref]
        if email in found:
            continue
        if key(organisation) in CAST_SLUGS:  # the cast without the demo: make them as it does
            found[email] = cast.person(CAST_SLUGS[key(organisation)], role)
            continue
        user = User(
            email=email,
            full_name=person_name(f"{ref}/{role}"),
            function=cast.SIGNATORY_FUNCTIONS[organisation.layer]
            if role == Role.ONDERTEKENAAR
            else cast.FUNCTIONS[role],
        )
        user.set_unusable_password()
        new.append((user, organisation, role))
        found[email] = user
    User.objects.bulk_create([user for user, _organisation, _role in new])
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role=role)
        for user, organisation, role in new
    )
    return {pair: found[email] for pair, email in wanted.items()}


def key(organisation: Organisation) -> str:
    """How the cast knows an organisation: by its code, or a partner by its official name."""
    return organisation.code or organisation.official_name


def _dates(spec: Spec, today: date) -> tuple[date, date | None, date]:
    """Start, end and adoption day, so that the agreement has the spec's status today."""
    start, end = spec.start, spec.end
    if spec.status == Status.ONDERTEKEND and start <= today:
        start = today + timedelta(days=60)
    if spec.status in (Status.VASTGESTELD, Status.ONDERTEKEND, Status.IN_WERKING) and (
        end is not None and end < today + timedelta(days=30)
    ):
        end = max(start, today) + timedelta(days=3 * 365)
    adopted = min(start - timedelta(days=45), today - timedelta(days=40))
    return start, end, adopted


def _next_evaluation(spec: Spec, today: date) -> date | None:
    """Evaluations are yearly: the first anniversary of the last one from today on; none for an
    agreement that has ended."""
    if not spec.evaluations or spec.status in (Status.VERLOPEN, Status.BEEINDIGD):
        return None
    day = max(evaluation.on for evaluation in spec.evaluations)
    while day < today:
        day = date(day.year + 1, day.month, min(day.day, 28 if day.month == 2 else day.day))
    return day


def _soon(spec: Spec, today: date) -> date:
    """When an unfinished follow-up action is due: within the coming twelve weeks, a stable
    day per agreement, so the overview has something coming up and nothing long overdue."""
    return today + timedelta(days=7 + zlib.crc32(spec.key.encode()) % 77)


def _sign(
    version, organisations: list[tuple[str, Organisation]], start: date, people: People
) -> date:
    """Each party's ondertekenaar signs, one working day after the other; the last day."""
    day = start
    for ref, organisation in organisations:
        signatory = people[ref, Role.ONDERTEKENAAR]
        signing.sign_version(
            version=version,
            organisation=organisation,
            acting_user=signatory,
            signatory_name=signatory.full_name,
            signatory_function=signatory.function,
            basis=f"Besluit {organisation.name} {day.year}-{version.number:02d}",
            place=organisation.place or organisation.name,
            at=_at(day),
        )
        day += timedelta(days=3 if day.weekday() == 4 else 1)
    return day


def seed_spec(
    spec: Spec, organisations: dict[str, Organisation], today: date, people: People
) -> Agreement:
    """One agreement of the corpus, from its draft to its status today."""
    start, end, adopted = _dates(spec, today)
    document = build(
        spec,
        organisations,
        start=start,
        end=end,
        adopted=adopted,
        next_evaluation=_next_evaluation(spec, today),
    )
    lead = organisations[spec.parties[0]]
    editor = people[spec.parties[0], Role.OPSTELLER]
    agreement = import_agreement(document=document, organisation=lead, acting_user=editor)
    if spec.status != Status.CONCEPT:
        version = adoption.adopt_version(
            agreement=agreement, acting_user=editor, note="", at=_at(adopted)
        )
        parties = [(ref, organisations[ref]) for ref in spec.parties]
        if spec.status == Status.VASTGESTELD:
            parties = parties[: len(parties) - 1 if spec.signed_by is None else spec.signed_by]
        signed = _sign(version, parties, adopted + timedelta(days=4), people)
        if spec.status in SIGNED and spec.public:
            publication.publish_version(
                version=version,
                organisation=lead,
                acting_user=editor,
                at=_at(signed + timedelta(days=7)),
            )
    for decision in spec.decisions:
        decisions.record_decision(
            agreement=agreement,
            acting_user=editor,
            decided_on=decision.on,
            table_name=decision.table,
            what=decision.what,
            reference=decision.reference,
        )
    for evaluation in spec.evaluations:
        action = []
        if evaluation.action:
            action.append(
                evaluations.ActionInput(
                    evaluation.action,
                    lead,
                    status=ActionStatus.KLAAR if evaluation.done else ActionStatus.BEZIG,
                    due_on=evaluation.on + timedelta(days=90)
                    if evaluation.done
                    else _soon(spec, today),
                )
            )
        evaluations.record_evaluation(
            agreement=agreement,
            acting_user=editor,
            held_on=evaluation.on,
            scores={
                "content": evaluation.content,
                "process": evaluation.process,
                "relationship": evaluation.relationship,
            },
            actions=action,
            leads_to_amendment=evaluation.leads_to_amendment,
        )
    if spec.terminated is not None:
        Agreement.objects.filter(pk=agreement.pk).update(terminated_on=spec.terminated)
    return agreement


@transaction.atomic
def seed_registry(*, today: date | None = None) -> int:
    """The corpus beside the demo agreement; skips what is there. Returns how many agreements
    it added."""
    today = today or timezone.localdate()
    there = set(
        Agreement.objects.filter(title__in=[spec.title for spec in AGREEMENTS]).values_list(
            "title", flat=True
        )
    )
    missing = [spec for spec in AGREEMENTS if spec.title not in there]
    if not missing:
        return 0
    organisations = _organisations()
    people = _people(organisations)
    for spec in missing:
        seed_spec(spec, organisations, today, people)
    return len(missing)
