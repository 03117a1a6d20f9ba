"""The one reader of HTML forms, and submitting a form as a browser would.

`read_forms(html)` gives every <form> of a page with its named controls: inputs, selects,
textareas and submit buttons, including those outside the form that name it with form="id",
with the values and options as rendered, whether a control is disabled, its maxlength and
whether it is marked as having an error (aria-invalid). A submit button with its own
`formaction` submits its form elsewhere: it is read as one more form, with that action, the
form's controls and only that button.
`as_posted(controls)` is what a browser sends for the form as rendered, without a button
pressed; `submit(client, page, ...)` opens a page, fills in its form and posts it;
`rolled_back(client)` runs one example of a property in a savepoint.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

BUTTON_TYPES = ("submit", "image", "reset", "button")


@dataclass
class Control:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, number, date, file, button ...
    options: list[str] = field(default_factory=list)  # choices, checkbox values, button values
    current: list[str] = field(default_factory=list)  # the value(s) as rendered, or checked
    multiple: bool = False  # a <select multiple>
    disabled: bool = False  # a browser does not send it
    maxlength: int | None = None
    invalid: bool = False  # rendered with aria-invalid="true": the field has an error
    # data-read-by: the path of the one view that reads it (a field of a form that one of
    # the form's buttons submits elsewhere); other actions ignore it
    read_by: str | None = None


@dataclass
class HtmlForm:
    attributes: dict[str, str]
    controls: dict[str, Control] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return (self.attributes.get("method") or "get").lower()

    def action(self, page_url: str) -> str:
        """Where it is submitted: its action, relative to the page (the page itself)."""
        return urljoin(page_url, self.attributes.get("action") or page_url)

    @property
    def buttons(self) -> dict[str, str]:
        """Submit buttons by name, with the value the first of that name sends."""
        return {
            name: (control.options or [""])[0]
            for name, control in self.controls.items()
            if control.kind == "button"
        }

    @property
    def files(self) -> set[str]:
        return {name for name, control in self.controls.items() if control.kind == "file"}

    def as_posted(self) -> dict[str, list[str]]:
        return as_posted(self.controls)


def _maxlength(attributes: dict[str, str]) -> int | None:
    value = attributes.get("maxlength", "").strip()
    return int(value) if value.isdigit() else None


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._by_id: dict[str, HtmlForm] = {}
        self._form: HtmlForm | None = None
        self._outside: list[tuple[str, Control]] = []  # controls naming their form by id
        # buttons that submit their form (by id, or the one they are in) to their own action
        self._formactions: list[tuple[str | HtmlForm, str, Control | None]] = []
        self._select: Control | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: Control | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self._form = HtmlForm(a)
            self.forms.append(self._form)
            if a.get("id"):
                self._by_id[a["id"]] = self._form
        elif tag == "option" and self._select is not None:
            self._end_option()
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif (
            tag in ("input", "button")
            and a.get("formaction")
            and a.get("type", "submit").lower() in ("submit", "image")
        ):
            owner = a.get("form") or self._form
            if owner is not None:
                control = self._control(tag, a) if a.get("name") else None
                self._formactions.append((owner, a["formaction"], control))
        elif tag in ("input", "button", "select", "textarea") and a.get("name"):
            control = self._control(tag, a)
            if control is None:
                return
            if a.get("form"):
                self._outside.append((a["form"], control))
            elif self._form is not None:
                _add(self._form.controls, control)

    def _control(self, tag: str, a: dict[str, str]) -> Control | None:
        control = self._new_control(tag, a)
        if control is not None:
            control.invalid = a.get("aria-invalid", "").lower() == "true"
            control.read_by = a.get("data-read-by") or None
        return control

    def _new_control(self, tag: str, a: dict[str, str]) -> Control | None:
        name, disabled = a["name"], "disabled" in a
        if tag == "select":
            self._select = Control(name, "select", multiple="multiple" in a, disabled=disabled)
            return self._select
        if tag == "textarea":
            self._textarea = Control(name, "textarea", disabled=disabled, maxlength=_maxlength(a))
            self._text = ""
            return self._textarea
        if tag == "button":
            if a.get("type", "submit").lower() != "submit":
                return None  # a button that submits nothing
            return Control(name, "button", options=[a.get("value", "")], disabled=disabled)
        kind = a.get("type", "text").lower() or "text"
        if kind in BUTTON_TYPES:
            return Control(name, "button", options=[a.get("value", "")], disabled=disabled)
        if kind in ("checkbox", "radio"):
            value = a.get("value", "on")
            current = [value] if "checked" in a else []
            return Control(name, kind, options=[value], current=current, disabled=disabled)
        if kind == "file":
            return Control(name, kind, disabled=disabled)
        return Control(
            name, kind, current=[a.get("value", "")], disabled=disabled, maxlength=_maxlength(a)
        )

    def _end_option(self):
        if self._option is None or self._select is None:
            return
        option = self._option
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self._select.options.append(value)
        if option["selected"]:
            self._select.current.append(value)
        self._option = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._end_option()
        elif tag == "select":
            self._end_option()
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea>.
            self._textarea.current = [self._text.removeprefix("\n")]
            self._textarea = None

    def close(self):
        super().close()
        for owner, control in self._outside:
            if owner in self._by_id:
                _add(self._by_id[owner].controls, control)
        derived: dict[tuple[int, str], HtmlForm] = {}
        for owner, action, button in self._formactions:
            form = self._by_id.get(owner) if isinstance(owner, str) else owner
            if form is None:
                continue
            key = (id(form), action)
            if key not in derived:
                derived[key] = HtmlForm(
                    {**form.attributes, "action": action},
                    {
                        name: control
                        for name, control in form.controls.items()
                        if control.kind != "button"
                    },
                )
                self.forms.append(derived[key])
            if button is not None:
                _add(derived[key].controls, button)


def _add(controls: dict[str, Control], control: Control) -> None:
    """A control joins the form; one of the same name (a checkbox group) adds its values."""
    known = controls.get(control.name)
    if known is None:
        controls[control.name] = control
        return
    known.options += control.options
    known.current += control.current
    known.invalid = known.invalid or control.invalid


def read_forms(html: str) -> list[HtmlForm]:
    """Every <form> of the page, in order."""
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def as_posted(controls: dict[str, Control]) -> dict[str, list[str]]:
    """What a browser submits for the form as rendered, without pressing a button: no
    disabled controls, no files; a single select sends its (last) selected or first option."""
    data = {}
    for control in controls.values():
        if control.disabled or control.kind in ("button", "file"):
            continue
        values = control.current
        if control.kind == "select" and not control.multiple:
            values = control.current[-1:] or control.options[:1]
        if values:
            data[control.name] = list(values)
    return data


# --- Submitting a page's form ------------------------------------------------------------------


def submit(
    client,
    page: str,
    *,
    to: str | None = None,
    fill: dict[str, Any] | None = None,
    files: dict[str, SimpleUploadedFile] | None = None,
    press: str | None = None,
    confirm: bool = False,
):
    """Open `page`, take its POST form that goes to `to` (the page itself when not given),
    fill in fields of that form (a list for several values, None to clear) and post it; with
    `confirm`, the answer is a page asking "are you sure?": post its form as rendered too."""
    opened = client.get(page, follow=True)
    assert opened.status_code == 200, f"GET {page}: {opened.status_code}"
    response = submit_form(client, opened, to=to, fill=fill, files=files, press=press)
    if confirm:
        assert response.status_code == 200, f"POST {page}: {response.status_code}"
        response = submit_form(client, response)
    return response


# A row that the admin's JavaScript adds to an inline, from the form's empty template row.
INLINE_TEMPLATE_ROW = re.compile(r"-\d+-")


def submit_form(client, page, *, to=None, fill=None, files=None, press=None):
    """Post the POST form of the page (a response) that goes to `to`, as `submit` does."""
    path = page.request["PATH_INFO"]
    if page.request.get("QUERY_STRING"):  # a form without action posts to the page's URL
        path += "?" + page.request["QUERY_STRING"]
    forms = [form for form in read_forms(page.content.decode()) if form.method == "post"]
    action = urlsplit(to).path if to else urlsplit(path).path
    form = next((form for form in forms if urlsplit(form.action(path)).path == action), None)
    assert form is not None, (
        f"{path} has no form posting to {action}: {[form.action(path) for form in forms]}"
    )
    data: dict[str, Any] = form.as_posted()
    for name, value in (fill or {}).items():
        assert (
            name in form.controls
            or INLINE_TEMPLATE_ROW.sub("-__prefix__-", name, count=1) in form.controls
        ), f"the form has no field {name!r}: {sorted(form.controls)}"
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [str(value)]
    for name, upload in (files or {}).items():
        assert name in form.files, f"the form has no file field {name!r}"
        data[name] = upload
    if press is not None:
        data[press] = form.buttons[press]
    data.pop("csrfmiddlewaretoken", None)
    return client.post(form.action(path), data)


@contextmanager
def rolled_back(client) -> Iterator[None]:
    """Run one example in a savepoint that is always rolled back, with no leftover messages."""
    client.cookies.pop("messages", None)
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
