"""Comments beside what they concern: each row of a builder step links to its threads in the
step's comments panel, and to a new comment about that row (opened with the row chosen).

The demo's agreement, drafted by Eva Jansen (opsteller, Gemeente Bernheze); Lars de Bruijn
(lezer) reads it."""

import re

import pytest
from django.urls import reverse

from agreements.discussion import comments
from agreements.models import EscalationStep, Mandate, Party, WorkPackage
from tests.support import cast

pytestmark = pytest.mark.django_db


def _row(html: str, fieldset_id: str) -> str:
    start = html.index(f'id="{fieldset_id}"')
    return html[start : html.index("</fieldset>", start)]


def _thread(agreement, step: str, anchor: str, body: str = "Klopt dit bedrag?"):
    return comments.start_thread(
        agreement=agreement,
        acting_user=cast.eva(),
        step=step,
        body=body,
        visibility="gedeeld",
        anchor=anchor,
    )


def test_a_row_links_to_its_threads_and_counts_the_open_ones(client, demo):
    mandate = Mandate.objects.filter(agreement=demo).order_by("position").first()
    first = _thread(demo, "tafels", f"mandate:{mandate.pk}")
    second = _thread(demo, "tafels", f"mandate:{mandate.pk}", "En de looptijd?")
    comments.resolve_thread(thread=second, acting_user=cast.eva())
    client.force_login(cast.eva())
    html = client.get(reverse("agreement_step", args=[demo.pk, "tafels"])).content.decode()
    row = _row(html, "mandate-0")
    assert f'href="#thread-{first.pk}">2 opmerkingen, 1 open</a>' in row
    assert f'id="thread-{first.pk}"' in html  # the panel holds the thread the row links to
    other = _row(html, "mandate-1")
    assert "opmerking" not in re.sub(r"<[^>]+>", " ", other).replace("Opmerking over deze rij", "")


def _first_anchor(demo, kind: str) -> str:
    if kind == "party":
        party = Party.objects.filter(agreement=demo).order_by("position", "organisation__name")
        return f"party:{party.first().organisation_id}"
    model = {"mandate": Mandate, "escalation": EscalationStep, "package": WorkPackage}[kind]
    return f"{kind}:{model.objects.filter(agreement=demo).order_by('position').first().pk}"


@pytest.mark.parametrize(
    ("step", "row_id", "kind"),
    [
        ("partijen", "party-0", "party"),
        ("tafels", "mandate-0", "mandate"),
        ("escalatie", "escalation-0", "escalation"),
        ("eigenaarschap", "work-package-0", "package"),
    ],
)
def test_a_rows_new_comment_link_opens_the_form_with_that_row_chosen(
    client, demo, step, row_id, kind
):
    anchor = _first_anchor(demo, kind)
    client.force_login(cast.eva())
    url = reverse("agreement_step", args=[demo.pk, step])
    html = client.get(url).content.decode()
    start = html.index(f'id="{row_id}"')
    row = html[start : html.index("</tr>" if step == "eigenaarschap" else "</fieldset>", start)]
    link = f'href="?over={anchor.replace(":", "%3A")}#new-comment-{step}"'
    assert link in row
    opened = client.get(url, {"over": anchor}).content.decode()
    assert f'id="new-comment-{step}" open>' in opened
    assert re.search(rf'<option value="{re.escape(anchor)}" selected>', opened)
    closed = client.get(url, {"over": "mandate:nothing"}).content.decode()  # unknown: ignored
    assert f'id="new-comment-{step}">' in closed
