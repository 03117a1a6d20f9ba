"""Signing in order: the draft's signing plan (rounds, and a quorum per party), frozen at adoption
and enforced by `sign_version`; every count of signatures agrees with it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import OuterRef

from accounts.audit_display import readable_changes
from accounts.models import AppendOnly, AuditEvent, Organisation, Role, User
from agreements.models import Agreement, Signature, SigningPlanEntry, Version
from agreements.models.signing import Requirement
from agreements.versions import adoption as versioning
from agreements.versions import signing
from agreements.versions.signing import SigningError
from agreements.versions.signing_plan import PlanError, draft_plan, set_signing_plan
from agreements.versions.standing import Standing, standing_on
from agreements.versions.status import Status, with_status
from tests.support import cast, factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The demo's eight parties in three rounds: two gemeenten first (Bernheze with two of its three
# representatives), then the provincie, then the rest.
FIRST, SECOND = ("bernheze", "oss"), ("brabant",)


def key(slug: str) -> str:
    return str(cast.organisation(slug).pk)


def three_rounds(demo) -> dict[str, Requirement]:
    keys = [party.organisation_id for party in draft_plan(demo)]
    plan = {k: Requirement(tier=3) for k in keys}
    plan |= {key(slug): Requirement(tier=1) for slug in FIRST}
    plan[key("bernheze")] = Requirement(tier=1, required=2, signatories=3)
    plan[key("brabant")] = Requirement(tier=2)
    return plan


@pytest.fixture
def editor(demo):
    return cast.eva()


@pytest.fixture
def version(demo, editor):
    set_signing_plan(agreement=demo, acting_user=editor, plan=three_rounds(demo))
    return versioning.adopt_version(agreement=demo, acting_user=editor, note="")


@pytest.fixture
def anna():
    """A second representative (ondertekenaar) of Bernheze."""
    return factories.member(
        cast.bernheze(), Role.ONDERTEKENAAR, "Anna de Wit", "anna@bernheze.example.nl"
    ).user


def signatory(slug: str) -> User:
    return cast.person(slug, Role.ONDERTEKENAAR)


def sign(version, user, slug=None, **overrides):
    organisation = cast.organisation(slug) if slug else user.memberships.get().organisation
    fields = {
        "signatory_name": user.full_name,
        "signatory_function": "wethouder",
        "basis": "collegebesluit 2026-114",
        "place": "Heeswijk-Dinther",
    } | overrides
    return signing.sign_version(
        version=version, organisation=organisation, acting_user=user, **fields
    )


def sign_round(version, slugs):
    for slug in slugs:
        sign(version, signatory(slug))


def sign_third_round(version):
    named = {key(slug) for slug in FIRST + SECOND}
    for k in signing.party_keys(version):
        if k not in named:
            user = User.objects.get(
                memberships__organisation_id=k, memberships__role="ondertekenaar"
            )
            signing.sign_version(
                version=version,
                organisation=Organisation.objects.get(pk=k),
                acting_user=user,
                signatory_name=user.full_name,
                signatory_function="bestuurder",
                basis="mandaat",
                place="Oss",
            )


# --- The plan ---------------------------------------------------------------------------------


def test_adoption_freezes_the_plan_and_the_draft_plan_stays_for_the_next_amendment(
    demo, editor, version
):
    plan = {entry["party"]: entry for entry in version.signing_plan["parties"]}
    assert len(plan) == 8
    assert plan[key("bernheze")] == {
        "party": key("bernheze"),
        "tier": 1,
        "required": 2,
        "signatories": 3,
    }
    assert plan[key("brabant")]["tier"] == 2
    assert {entry["tier"] for entry in plan.values()} == {1, 2, 3}
    # Changing the draft's plan afterwards leaves the adopted version as it was.
    versioning.open_amendment(agreement=demo, acting_user=editor)
    set_signing_plan(agreement=demo, acting_user=editor, plan={})
    assert not SigningPlanEntry.objects.filter(agreement=demo).exists()
    assert Version.objects.get(pk=version.pk).signing_plan == version.signing_plan
    with pytest.raises(AppendOnly):
        version.signing_plan = None
        version.save()


def test_rounds_are_numbered_without_gaps_and_unnamed_parties_sign_in_round_one(demo, editor):
    set_signing_plan(
        agreement=demo,
        acting_user=editor,
        plan={key("oss"): Requirement(tier=3), key("brabant"): Requirement(tier=7)},
    )
    version = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    tiers = {entry["party"]: entry["tier"] for entry in version.signing_plan["parties"]}
    assert tiers[key("oss")] == 2 and tiers[key("brabant")] == 3
    assert tiers[key("bernheze")] == 1


def test_without_a_plan_every_party_signs_at_once_once(demo, editor):
    # A plan of nothing but round 1 and one signature is no plan at all.
    everyone = {p.organisation_id: Requirement() for p in draft_plan(demo)}
    set_signing_plan(agreement=demo, acting_user=editor, plan=everyone)
    assert not SigningPlanEntry.objects.exists()
    version = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    assert version.signing_plan is None
    sign(version, signatory("brabant"))
    overview = signing.signature_overview(version)
    assert not overview.tiered and len(overview.awaiting) == 7
    assert overview.turn.startswith("Binnenlandse Zaken en Koninkrijksrelaties, ")


def test_the_plan_is_checked_and_recorded_in_the_audit_trail(demo, editor):
    cases = [
        ({key("oss"): Requirement(tier=9)}, PlanError.TIER_OUT_OF_RANGE, "tussen 1 en 8"),
        (
            {key("oss"): Requirement(required=3, signatories=2)},
            PlanError.QUORUM_TOO_HIGH,
            "Bij Oss kunnen niet 3 vertegenwoordigers tekenen: er zijn er 2.",
        ),
        ({key("oss"): Requirement(signatories=21)}, PlanError.SIGNATORIES_OUT_OF_RANGE, "1 tot 20"),
        ({str(cast.nijmegen().pk): Requirement()}, PlanError.NOT_A_PARTY, "geen partij"),
    ]
    for plan, code, message in cases:
        with pytest.raises(ValidationError, match=message) as caught:
            set_signing_plan(agreement=demo, acting_user=editor, plan=plan)
        assert caught.value.code == code
    with pytest.raises(PermissionDenied):
        set_signing_plan(agreement=demo, acting_user=signatory("bernheze"), plan={})
    assert not AuditEvent.objects.filter(action="signing_plan.set").exists()

    set_signing_plan(agreement=demo, acting_user=editor, plan=three_rounds(demo))
    event = AuditEvent.objects.get(action="signing_plan.set")
    assert event.actor == editor and event.organisation == cast.bernheze()
    shown = readable_changes(event.changes)
    assert [change.label for change in shown] == ["Volgorde van ondertekenen"]
    assert "Bernheze: ronde 1, 2 van 3" in shown[0].becomes
    assert shown[0].was == "—"


def test_the_plan_belongs_to_the_draft(demo, editor, version):
    with pytest.raises(ValidationError, match="Begin eerst een wijziging") as caught:
        set_signing_plan(agreement=demo, acting_user=editor, plan={})
    assert caught.value.code == PlanError.NO_DRAFT


# --- Signing in turn --------------------------------------------------------------------------


def test_a_later_round_signing_out_of_turn_is_refused_with_a_clear_message(version):
    with pytest.raises(ValidationError) as caught:
        sign(version, signatory("brabant"))
    assert caught.value.code == SigningError.NOT_YOUR_TURN
    brabant = cast.brabant().name
    assert caught.value.messages == [
        f"{brabant} is nog niet aan de beurt: eerst ondertekent ronde 1 (Bernheze en Oss). "
        f"Daarna kan {brabant} tekenen, in ronde 2."
    ]
    assert not Signature.objects.exists()
    assert not AuditEvent.objects.filter(action="version.signed").exists()


def test_a_party_is_complete_when_its_quorum_is_met(version, anna):
    sign(version, signatory("oss"))
    first = sign(version, signatory("bernheze"))
    bernheze = signing.signature_overview(version).entry(key("bernheze"))
    assert not bernheze.complete and bernheze.signature is None
    assert bernheze.quorum == "2 van 3 vertegenwoordigers"
    assert bernheze.progress == "1 van de 2 handtekeningen"
    event = AuditEvent.objects.filter(action="version.signed").latest("at")
    assert event.changes["party_complete"] == [False, False]
    # Round 1 is not complete while Bernheze has one signature of two.
    with pytest.raises(ValidationError, match="eerst ondertekent ronde 1 \\(Bernheze\\)"):
        sign(version, signatory("brabant"))

    sign(version, anna, "bernheze")
    bernheze = signing.signature_overview(version).entry(key("bernheze"))
    assert bernheze.complete and bernheze.signature == first and bernheze.progress == ""
    assert bernheze.signatory_names == "Kees van Dijk en Anna de Wit"
    event = AuditEvent.objects.filter(action="version.signed").latest("at")
    assert event.changes["party_complete"] == [False, True]
    assert event.changes["fully_signed"] == [False, False]
    # A complete party signs no more: a third representative is refused.
    third = factories.member(cast.bernheze(), Role.ONDERTEKENAAR, "Jan Smit", "jan@b.example.nl")
    with pytest.raises(ValidationError, match="Bernheze heeft deze versie al ondertekend") as c:
        sign(version, third.user, "bernheze")
    assert c.value.code == SigningError.ALREADY_SIGNED
    sign(version, signatory("brabant"))  # now it is round 2's turn


def test_each_signature_of_a_party_is_by_another_person(version, editor):
    sign(version, signatory("bernheze"))
    with pytest.raises(ValidationError) as caught:
        sign(version, signatory("bernheze"), signatory_name="K. van Dijk")
    assert caught.value.code == SigningError.SAME_SIGNATORY
    assert "een andere vertegenwoordiger" in caught.value.messages[0]
    # A paper signature in the same name (in other capitals) is the same person too.
    with pytest.raises(ValidationError) as caught:
        signing.sign_version(
            version=version,
            organisation=cast.bernheze(),
            acting_user=editor,
            signatory_name="KEES VAN DIJK",
            signatory_function="wethouder",
            basis="collegebesluit",
            place="Heeswijk-Dinther",
            scan=SimpleUploadedFile("scan.pdf", PDF, "application/pdf"),
            signed_on=date(2026, 3, 1),
        )
    assert caught.value.code == SigningError.SAME_SIGNATORY
    # Another representative's paper signature, recorded by the opsteller, completes Bernheze.
    signing.sign_version(
        version=version,
        organisation=cast.bernheze(),
        acting_user=editor,
        signatory_name="Anna de Wit",
        signatory_function="burgemeester",
        basis="collegebesluit",
        place="Heeswijk-Dinther",
        scan=SimpleUploadedFile("scan.pdf", PDF, "application/pdf"),
        signed_on=date(2026, 3, 1),
    )
    assert signing.signature_overview(version).entry(key("bernheze")).complete


def test_every_count_agrees_with_the_plan(demo, version, anna):
    def status():
        return with_status(Agreement.objects.filter(pk=demo.pk), date(2024, 2, 1)).get().status

    sign(version, signatory("bernheze"))
    sign(version, signatory("oss"))
    overview = signing.signature_overview(version)
    assert [tier.number for tier in overview.tiers] == [1, 2, 3]
    assert overview.current_tier.number == 1
    assert [entry.name for entry in overview.awaiting] == ["Bernheze"]
    assert overview.turn == "Ronde 1 van 3: Bernheze"
    assert not signing.is_fully_signed(version)
    assert standing_on(demo, date.today()).signed.signed == 1  # Oss, not Bernheze yet
    counted = Agreement.objects.annotate(n=signing.signature_count(OuterRef("current_version_id")))
    assert counted.get(pk=demo.pk).n == 2  # signatures, not parties

    sign(version, anna, "bernheze")
    sign_round(version, SECOND)
    overview = signing.current_signature_overview(Agreement.objects.get(pk=demo.pk))
    assert overview.number == 1 and overview.current_tier.number == 3
    assert len(overview.awaiting) == 5
    assert status() == Status.VASTGESTELD
    sign_third_round(version)
    assert signing.is_fully_signed(version)
    assert signing.signature_overview(version).turn == ""
    demo.refresh_from_db()
    assert demo.signed_version_id == version.pk
    assert status() == Status.ONDERTEKEND
    assert standing_on(demo, date.today()).standing != Standing.AWAITING_SIGNATURES
    event = AuditEvent.objects.filter(action="version.signed").latest("at")
    assert event.changes["fully_signed"] == [False, True]


def test_signing_offers_a_party_until_its_quorum_is_met(version, anna):
    from agreements.permissions import organisations_user_may_sign_for

    kees = signatory("bernheze")
    assert list(organisations_user_may_sign_for(kees, version, unsigned_only=True)) == [
        cast.bernheze()
    ]
    sign(version, kees)
    # Kees has signed; Anna may still, for Bernheze needs two.
    assert not organisations_user_may_sign_for(kees, version, unsigned_only=True).exists()
    assert organisations_user_may_sign_for(anna, version, unsigned_only=True).exists()
    sign(version, anna, "bernheze")
    assert not organisations_user_may_sign_for(anna, version, unsigned_only=True).exists()


def test_the_print_has_a_block_per_signature_the_quorum_asks_and_lists_every_signature(
    version, anna
):
    from agreements.printing.render import agreement_html, signature_blocks

    unsigned = agreement_html(
        version.document, version=version, signature_blocks=signature_blocks(version, signed=False)
    )
    assert unsigned.count('class="signature-block"') == 8 + 1  # Bernheze signs twice
    sign(version, signatory("bernheze"))
    sign(version, anna, "bernheze")
    sign_round(version, ("oss",) + SECOND)
    sign_third_round(version)
    sealed = agreement_html(
        version.document,
        version=version,
        signature_blocks=signature_blocks(version, signed=True),
        completion=True,
    )
    completion = sealed[sealed.index('id="s-completion"') :]
    assert "Kees van Dijk, wethouder" in completion and "Anna de Wit, wethouder" in completion
    assert completion.count('<tr><th scope="row">') == 9


def test_the_database_refuses_a_second_signature_of_the_same_person_for_a_party(version):
    from django.db import IntegrityError, transaction

    first = sign(version, signatory("bernheze"))
    twin = Signature(
        version=version,
        organisation=first.organisation,
        method=first.method,
        signatory_name=first.signatory_name.upper(),
        signatory_function="wethouder",
        basis="collegebesluit",
        place="Heesch",
        signed_on=first.signed_on,
        recorded_at=first.recorded_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
