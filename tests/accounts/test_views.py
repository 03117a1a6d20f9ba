"""Pages of the accounts app: login, members, organisations and profile."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Membership, Role
from tests.support import cast

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password(client):
    editor = cast.eva()
    response = client.post(
        reverse("login"), {"username": editor.email, "password": cast.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Welkom, Eva" in response.content.decode()
    assert AuditEvent.objects.filter(action="user.logged_in", actor=editor).exists()


def test_login_failure_says_what_to_do_and_keeps_the_email(client):
    editor = cast.eva()
    response = client.post(reverse("login"), {"username": editor.email, "password": "fout"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze combinatie van e-mailadres en wachtwoord kennen we niet" in html
    assert f'value="{editor.email}"' in html
    failure = AuditEvent.objects.get(action="user.login_failed")
    assert failure.changes == {"email": [None, editor.email]}
    assert "fout" not in str(failure.changes)


def test_login_with_empty_form_shows_field_errors(client):
    response = client.post(reverse("login"), {})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()


def test_pages_require_login(client):
    for name in ["home", "organisation_list", "profile", "contact_book"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_beheerder_adds_a_member_through_the_page(client):
    client.force_login(cast.bram())
    url = reverse("member_list", args=[cast.bernheze().pk])
    response = client.post(
        url,
        {
            "email": "nina@bernheze.nl",
            "full_name": "Nina Nieuw",
            "function": "",
            "phone": "",
            "role": Role.OPSTELLER,
        },
        follow=True,
    )
    assert "Nina Nieuw is toegevoegd als opsteller." in response.content.decode()
    assert Membership.objects.filter(user__email="nina@bernheze.nl", role=Role.OPSTELLER).exists()


def test_bad_member_input_keeps_what_was_typed(client):
    client.force_login(cast.bram())
    response = client.post(
        reverse("member_list", args=[cast.bernheze().pk]),
        {"email": "geen-adres", "full_name": "Nina Nieuw", "role": "koning"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nina Nieuw"' in html
    assert 'value="geen-adres"' in html
    assert "Voer een geldig e-mailadres in" in html
    assert not Membership.objects.filter(user__full_name="Nina Nieuw").exists()


@pytest.mark.parametrize("actor", [cast.olaf, cast.lars, cast.eva])
def test_non_beheerders_get_404_on_member_pages(client, actor):
    client.force_login(actor())
    reader_membership = cast.lars().memberships.get()
    organisation = cast.bernheze()
    urls = [
        reverse("member_list", args=[organisation.pk]),
        reverse("member_remove", args=[organisation.pk, reader_membership.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {"email": "x@example.nl"}).status_code == 404
    role_url = reverse("member_role", args=[organisation.pk, reader_membership.pk])
    post = client.post(role_url, {f"{reader_membership.pk}-role": "beheerder"})
    assert post.status_code == 404
    reader_membership.refresh_from_db()
    assert reader_membership.role == Role.LEZER


def test_beheerder_cannot_manage_another_organisations_member(client):
    client.force_login(cast.bram())
    signatory = cast.sanne().memberships.get()
    url = reverse("member_remove", args=[cast.bernheze().pk, signatory.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=signatory.pk).exists()


def test_beheerder_changes_a_role_and_removes_a_member(client):
    client.force_login(cast.bram())
    reader = cast.lars().memberships.get()
    organisation = cast.bernheze()
    client.post(
        reverse("member_role", args=[organisation.pk, reader.pk]),
        {f"{reader.pk}-role": Role.ONDERTEKENAAR},
    )
    reader.refresh_from_db()
    assert reader.role == Role.ONDERTEKENAAR
    response = client.post(reverse("member_remove", args=[organisation.pk, reader.pk]), follow=True)
    assert "geen lid meer van Gemeente Bernheze" in response.content.decode()
    assert not Membership.objects.filter(pk=reader.pk).exists()


def test_invalid_role_is_refused_with_a_message(client):
    client.force_login(cast.bram())
    reader = cast.lars().memberships.get()
    response = client.post(
        reverse("member_role", args=[cast.bernheze().pk, reader.pk]),
        {f"{reader.pk}-role": "koning"},
        follow=True,
    )
    assert "Kies een geldige rol." in response.content.decode()


def test_organisation_registry_search_and_filter(client, django_assert_max_num_queries):
    client.force_login(cast.eva())
    cast.enexis()
    cast.nijmegen()
    response = client.get(reverse("organisation_list"), {"q": "bern"})
    assert "Gemeente Bernheze" in response.content.decode()
    assert "Gemeente Nijmegen" not in response.content.decode()
    response = client.get(reverse("organisation_list"), {"layer": "partner"})
    assert "Enexis Netbeheer" in response.content.decode()
    assert "Gemeente Bernheze" not in response.content.decode()
    with django_assert_max_num_queries(6):
        client.get(reverse("organisation_list"))


def test_organisation_detail_shows_bodies_and_members_only_to_members(client):
    organisation = cast.bernheze()
    cast.lars()
    client.force_login(cast.eva())
    html = client.get(reverse("organisation_detail", args=[organisation.pk])).content.decode()
    assert "gemeenteraad" in html
    assert "college van B&amp;W" in html
    assert "Lars de Bruijn" in html
    client.force_login(cast.olaf())
    html = client.get(reverse("organisation_detail", args=[organisation.pk])).content.decode()
    assert "gemeenteraad" in html
    assert "Lars de Bruijn" not in html


def test_profile_edit_and_invalid_input(client):
    editor = cast.eva()
    client.force_login(editor)
    response = client.post(reverse("profile"), {"full_name": "", "function": "x", "phone": "1"})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    response = client.post(
        reverse("profile"),
        {"full_name": "Eva de Opsteller", "function": "adviseur", "phone": "0412-1"},
        follow=True,
    )
    editor.refresh_from_db()
    assert editor.full_name == "Eva de Opsteller"
    assert "Je gegevens zijn opgeslagen." in response.content.decode()


def test_password_reset_mail_goes_out_and_link_sets_a_new_password(client, mailoutbox):
    editor = cast.eva()
    client.post(reverse("password_reset"), {"email": editor.email})
    assert len(mailoutbox) == 1
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/wachtwoord/herstellen/" in line
    )
    path = link.split("testserver", 1)[1].strip()
    response = client.get(path, follow=True)
    set_url = response.redirect_chain[-1][0]
    new = "een-nieuw-lang-wachtwoord-2026"
    response = client.post(set_url, {"new_password1": new, "new_password2": new}, follow=True)
    assert "Wachtwoord opgeslagen" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(new)


def test_password_change_validates(client):
    editor = cast.eva()
    client.force_login(editor)
    response = client.post(
        reverse("password_change"),
        {"old_password": cast.PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "te kort" in response.content.decode()


def test_logout_is_a_post(client):
    client.force_login(cast.eva())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_language_switch_to_english(client):
    client.force_login(cast.eva())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in html
    assert "My organisations" in html


def test_browser_language_does_not_override_dutch(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen bij Spelregels" in html
