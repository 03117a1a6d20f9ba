"""A user's direction-control characters never reorder what surrounds them (accounts/text.py).

Every text field of every builder step gets U+202E (right-to-left override), U+2066
(left-to-right isolate) and U+200F (right-to-left mark) around and inside its value; then the
stored document, the agreement page and the draft PDF hold the text in the order it was typed,
without the controls. A signature's place, the API and an imported file are cleaned alike.
"""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.text import DIRECTION_CONTROLS, cleaned
from agreements.document import vocabulary
from agreements.document.build import build_document, load_agreement
from agreements.document.outline import STEPS
from agreements.drafting.importing import parse_json
from agreements.printing.render import render_agreement_pdf, render_draft_pdf
from agreements.versions import adoption as versioning
from api import tokens
from tests.support import cast
from tests.support.factories import sign_by_all
from tests.support.forms import read_forms, submit_form
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.django_db

RLO, LRI, RLM = "\u202e", "\u2066", "\u200f"


def hostile(value: str) -> str:
    """The value with the three controls before, in the middle and after it."""
    middle = len(value) // 2
    return f"{RLO}{value[:middle]}{LRI}{value[middle:]}{RLM}"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def test_every_text_field_of_every_step_is_kept_in_typed_order(client, demo):
    client.force_login(cast.eva())
    typed: list[str] = []
    for step in STEPS:
        if not step.section:
            continue
        url = reverse("agreement_step", args=[demo.pk, step.slug])
        page = client.get(url)
        assert page.status_code == 200
        form = next(f for f in read_forms(page.content.decode()) if f.action(url) == url)
        fill = {}
        for name, control in form.controls.items():
            value = control.current[0] if control.current else ""
            if control.kind in ("text", "textarea") and len(value) > 3 and not control.disabled:
                fill[name] = hostile(value)
                typed.append(value)
        response = submit_form(client, page, fill=fill, press="save")
        assert response.status_code == 302, (step.slug, response.content.decode()[:2000])
    assert len(typed) > 40  # every step has text fields; the demo fills them

    document = build_document(load_agreement(demo.pk))
    stored = list(_strings(document))
    assert not [text for text in stored if DIRECTION_CONTROLS.search(text)]
    assert set(typed) <= set(stored)

    html = client.get(reverse("agreement_detail", args=[demo.pk])).content.decode()
    assert not DIRECTION_CONTROLS.search(html)
    text = " ".join(pdf_text(render_draft_pdf(demo)[1]).split())
    assert not DIRECTION_CONTROLS.search(text)
    # The title is printed on the cover as typed, in the typed order.
    assert " ".join(document["task"]["title"].split()) in text


def test_the_sealed_pdf_prints_a_signature_place_and_date_in_order(client, demo):
    version = versioning.adopt_version(agreement=demo, acting_user=cast.eva(), note="")
    client.force_login(cast.kees())
    page = client.get(reverse("version_sign", args=[demo.pk, version.number]))
    response = submit_form(
        client,
        page,
        fill={
            "signatory_name": hostile("Kees van Dam"),
            "signatory_function": hostile("wethouder"),
            "basis": hostile("collegebesluit 2026-114"),
            "place": hostile("Heeswijk-Dinther"),
            "confirm": "on",
        },
    )
    assert response.status_code == 302, response.content.decode().split("<main")[-1][:3000]
    signature = version.signatures.get(organisation__code="GM1721")
    assert (signature.place, signature.basis) == ("Heeswijk-Dinther", "collegebesluit 2026-114")
    sign_by_all(version)
    _html, data = render_agreement_pdf(version, sealed=True)
    text = " ".join(pdf_text(data).split())
    assert not DIRECTION_CONTROLS.search(text)
    signed_on = vocabulary.format_date(signature.signed_on)
    assert "Heeswijk-Dinther" in text and signed_on in text


def test_the_api_and_the_import_remove_them_too(demo):
    assert cleaned({"a": [hostile("Oss"), 3], hostile("k"): None}) == {"a": ["Oss", 3], "k": None}
    raw = json.dumps({"title": hostile("Samenwerking Oss")}).encode()
    assert parse_json(raw) == {"title": "Samenwerking Oss"}
    editor = cast.eva()
    api = APIClient()
    _token, key = tokens.create_token(user=editor, name="test", acting_user=editor)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    step = reverse("api:step", kwargs={"agreement_id": demo.pk, "step_slug": "opgave"})
    read = api.get(step)
    data = {**read.json()["data"], "title": hostile("Samenwerking Oss")}
    saved = api.put(step, {"data": data}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert saved.status_code == 200, saved.content
    demo.refresh_from_db()
    assert demo.title == "Samenwerking Oss"
