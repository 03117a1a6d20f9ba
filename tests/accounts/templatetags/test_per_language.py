"""{% per_language %}: rendered once per language and given values, seeing only those values;
and the header built with it on a logged-in page."""

import pytest
from django import forms
from django.template import Context, Engine, RequestContext
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.support import cast

ENGINE = Engine(
    libraries={
        "i18n": "django.templatetags.i18n",
        "per_language": "accounts.templatetags.per_language",
    }
)
SOURCE = (
    "{% load i18n per_language %}"
    "{% per_language current=current %}{% translate 'Afspraken' %} {{ current }} {{ secret }}"
    "{% now 'u' %}{% endper_language %}"
)


def render(template, **values) -> str:
    return template.render(Context(values))


def test_rendered_once_per_language_and_value():
    template = ENGINE.from_string(SOURCE)
    first = render(template, current="home")
    # Rendered again, the kept text comes back (the microseconds of {% now %} do not change).
    assert render(template, current="home") == first
    assert first.startswith("Afspraken home ")
    assert render(template, current="overview").startswith("Afspraken overview ")
    with translation.override("en"):
        assert render(template, current="home").startswith("Agreements home ")
    assert render(template, current="home") == first


def test_sees_only_the_values_given():
    template = ENGINE.from_string(SOURCE)
    assert "geheim" not in render(template, current="home", secret="geheim")


def test_a_fresh_template_renders_afresh():
    # Kept on the compiled node: a template compiled again (an edit, a reload) starts anew.
    first = render(ENGINE.from_string(SOURCE), current="home")
    assert render(ENGINE.from_string(SOURCE), current="home") != first


def test_takes_only_name_value_arguments():
    with pytest.raises(Exception, match="name=value"):
        ENGINE.from_string("{% load per_language %}{% per_language home %}{% endper_language %}")


@pytest.mark.django_db
def test_the_header_marks_the_current_page_and_shows_the_persons_own_bell(client):
    editor = cast.eva()
    client.force_login(editor)
    for name, label in (("home", "Start"), ("agreement_list", "Afspraken")):
        html = client.get(reverse(name)).content.decode()
        assert html.count('aria-current="page"') == 1
        assert f'aria-current="page">{label}</a>' in html
        assert 'name="csrfmiddlewaretoken"' in html
    editor.unread_notifications = 3
    editor.save(update_fields=["unread_notifications"])
    html = client.get(reverse("home")).content.decode()
    assert '<span class="site-bell__count">3</span>' in html
    assert "site-bell--unread" in html
    client.logout()
    html = client.get(reverse("login")).content.decode()
    assert "site-nav" not in html and "site-bell" not in html


class _Form(forms.Form):
    name = forms.CharField()


def test_the_title_prefix_finds_the_views_forms_not_the_context_processors():
    engine = Engine(
        libraries={"error_summary": "accounts.templatetags.error_summary"},
        context_processors=["tests.accounts.templatetags.test_per_language.a_form_processor"],
    )
    template = engine.from_string("{% load error_summary %}{% error_title_prefix %}")
    request = RequestFactory().get("/")
    assert template.render(RequestContext(request, {"form": _Form(data={})})) == "Fout: "
    assert template.render(RequestContext(request, {"steps": [{"form": _Form(data={})}]})) == (
        "Fout: "
    )
    assert template.render(RequestContext(request, {"form": _Form()})) == ""
    # A context processor's values hold no forms of the page: not searched.
    assert template.render(RequestContext(request, {})) == ""
    assert template.render(Context({"form": _Form(data={})})) == "Fout: "


def a_form_processor(request) -> dict:
    return {"processor_form": _Form(data={})}
