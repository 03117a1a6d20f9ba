"""The contact book: who sees whose phone number."""

import pytest
from django.urls import reverse

from agreements.registry.contacts import can_see_contact, contacts_for_user
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_parties_to_a_shared_agreement_see_each_others_contacts():
    editor = f.bernheze_editor()
    signatory = f.noord_brabant_signatory()
    outsider = f.outsider()
    f.res_agreement(f.bernheze(), f.noord_brabant())

    assert can_see_contact(editor, signatory)
    assert can_see_contact(signatory, editor)
    assert not can_see_contact(editor, outsider)
    assert not can_see_contact(outsider, editor)
    organisations = [organisation for organisation, _ in contacts_for_user(editor)]
    assert organisations == [f.bernheze(), f.noord_brabant()]


def test_without_a_shared_agreement_only_colleagues_are_visible():
    editor = f.bernheze_editor()
    reader = f.bernheze_reader()
    signatory = f.noord_brabant_signatory()
    assert can_see_contact(editor, reader)
    assert not can_see_contact(editor, signatory)


def test_contact_book_page_shows_function_email_and_phone(client, django_assert_max_num_queries):
    editor = f.bernheze_editor()
    signatory = f.noord_brabant_signatory()
    f.outsider()
    f.res_agreement(f.bernheze(), f.noord_brabant())
    client.force_login(editor)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("contact_book")).content.decode()
    assert signatory.full_name in html
    assert signatory.email in html
    assert signatory.phone in html
    assert signatory.function in html
    assert "Olaf Buitenstaander" not in html


def test_contact_book_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    editor = f.bernheze_editor()
    partners = [f.OrganisationFactory() for _ in range(5)]
    for organisation in partners:
        for _ in range(3):
            f.MembershipFactory(organisation=organisation)
    f.res_agreement(f.bernheze(), *partners)
    client.force_login(editor)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("contact_book"))
    # The editor and three members in each of the five partner organisations.
    assert response.content.decode().count("mailto:") == 1 + 5 * 3
