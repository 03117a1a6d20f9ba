"""The reference data migration: role options in order and templates the builder can start from."""

import pytest

from agreements.models import (
    AgreementTemplate,
    CoreValue,
    DeadlockResolution,
    GovernanceStyle,
    RoleKind,
    RoleOption,
    TableLevel,
    Theme,
)

pytestmark = pytest.mark.django_db


def codes(kind: str) -> list[str]:
    return list(
        RoleOption.objects.filter(kind=kind).order_by("position").values_list("code", flat=True)
    )


def test_the_participation_ladder_has_six_rungs_in_order():
    assert codes(RoleKind.LADDER) == [
        "faciliteren",
        "verbinden",
        "stimuleren",
        "aanjagen",
        "regisseren",
        "reguleren",
    ]
    positions = RoleOption.objects.filter(kind=RoleKind.LADDER).order_by("position")
    assert [option.position for option in positions] == [1, 2, 3, 4, 5, 6]


def test_network_and_formal_roles_are_there():
    assert codes(RoleKind.NETWORK) == [
        "mobiliseren",
        "improviseren",
        "vitaliseren",
        "balanceren",
        "coordineren",
    ]
    assert RoleOption.objects.get(kind=RoleKind.NETWORK, code="coordineren").name == "Coördineren"
    assert set(codes(RoleKind.FORMAL)) == {
        "bevoegd-gezag",
        "opdrachtgever",
        "financier",
        "uitvoerder",
        "beheerder",
        "bemiddelaar",
        "kennispartner",
    }
    assert (
        RoleOption.objects.get(kind=RoleKind.FORMAL, code="bevoegd-gezag").name == "Bevoegd gezag"
    )


def test_every_role_option_is_named_explained_and_active():
    assert RoleOption.objects.count() == 18
    for option in RoleOption.objects.all():
        assert option.name[0].isupper(), option.code
        assert option.description, option.code
        assert option.active, option.code


def test_three_templates_with_complete_content():
    templates = {template.slug: template for template in AgreementTemplate.objects.all()}
    assert set(templates) == {"res-regio", "wijkaanpak-warmte", "verbonden-partij"}
    for slug, template in templates.items():
        content = template.content
        assert template.description, slug
        assert content["theme"] in Theme.values, slug
        assert content["governance_style"] in GovernanceStyle.values, slug
        assert set(content["values"]) == set(CoreValue.values), slug
        assert all(how.strip() for how in content["values"].values()), slug

        assert 2 <= len(content["tables"]) <= 3, slug
        for table in content["tables"]:
            assert table["name"] and table["cadence"] and table["decides"], slug
            assert table["level"] in TableLevel.values, slug

        ladder = content["escalation"]
        assert len(ladder) >= 2, slug
        for step in ladder:
            assert isinstance(step["deadline_days"], int) and step["deadline_days"] > 0, slug
            assert step["trigger"] and step["handler"], slug
        assert ladder[-1]["deadlock_resolution"] in DeadlockResolution.values, slug
        assert all(step["deadlock_resolution"] == "" for step in ladder[:-1]), slug

        assert 2 <= len(content["work_packages"]) <= 4, slug
        assert all(wp["name"] and wp["description"] for wp in content["work_packages"]), slug
