"""The contact book: who sees whose phone number."""

import pytest
from django.urls import reverse

from agreements.permissions import can_see_contact
from agreements.registry.contacts import contacts_for_user
from tests.support import cast, factories

pytestmark = pytest.mark.django_db


def test_parties_to_a_shared_agreement_see_each_others_contacts():
    editor = cast.eva()
    signatory = cast.sanne()
    outsider = cast.olaf()
    factories.res_agreement(cast.bernheze(), cast.brabant())

    assert can_see_contact(editor, signatory)
    assert can_see_contact(signatory, editor)
    assert not can_see_contact(editor, outsider)
    assert not can_see_contact(outsider, editor)
    organisations = [organisation for organisation, _ in contacts_for_user(editor)]
    assert organisations == [cast.bernheze(), cast.brabant()]


def test_without_a_shared_agreement_only_colleagues_are_visible():
    editor = cast.eva()
    reader = cast.lars()
    signatory = cast.sanne()
    assert can_see_contact(editor, reader)
    assert not can_see_contact(editor, signatory)


def test_contact_book_page_shows_function_email_and_phone(client, django_assert_max_num_queries):
    editor = cast.eva()
    signatory = cast.sanne()
    cast.olaf()
    factories.res_agreement(cast.bernheze(), cast.brabant())
    client.force_login(editor)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("contact_book")).content.decode()
    assert signatory.full_name in html
    assert signatory.email in html
    assert signatory.phone in html
    assert signatory.function in html
    assert "Olaf de Graaf" not in html


def test_contact_book_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    editor = cast.eva()
    partners = [factories.OrganisationFactory() for _ in range(5)]
    for organisation in partners:
        for _ in range(3):
            factories.MembershipFactory(organisation=organisation)
    factories.res_agreement(cast.bernheze(), *partners)
    client.force_login(editor)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("contact_book"))
    # The editor and three members in each of the five partner organisations.
    assert response.content.decode().count("mailto:") == 1 + 5 * 3
