"""The `nlds` crispy-forms template pack (templates/nlds/) renders accessible NL Design
System markup with the Utrecht component library classes.

Every test renders a form through both entry points: the `{% crispy form %}` tag (with a
FormHelper and a Submit button) and the `{{ form|crispy }}` filter, and inspects the
HTML with html.parser.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Button, ButtonHolder, Fieldset, Layout, Submit
from django import forms
from django.template import Context, Template

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
CONTROL_TAGS = {"input", "select", "textarea"}
NOT_LABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}

TEXTBOX = {"utrecht-textbox", "utrecht-textbox--html-input"}
TEXTAREA = {"utrecht-textarea", "utrecht-textarea--html-textarea"}
SELECT = {"utrecht-select", "utrecht-select--html-select"}
CHECKBOX = {"utrecht-checkbox", "utrecht-checkbox--html-input"}
RADIO = {"utrecht-radio-button", "utrecht-radio-button--html-input"}

SUMMARY_INTRO = "Er is een probleem"


class ExampleForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals in uw paspoort.")
    email = forms.EmailField(label="E-mailadres", required=False)
    notes = forms.CharField(label="Toelichting", widget=forms.Textarea)
    role = forms.ChoiceField(
        label="Rol", choices=[("", "Kies een rol"), ("owner", "Eigenaar"), ("partner", "Partner")]
    )
    agree = forms.BooleanField(label="Ik ga akkoord")
    escalation = forms.ChoiceField(
        label="Escalatie",
        choices=[("team", "Team"), ("board", "Bestuur")],
        widget=forms.RadioSelect,
    )
    days = forms.MultipleChoiceField(
        label="Dagen",
        choices=[("mon", "Maandag"), ("tue", "Dinsdag")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Op welke dagen bent u bereikbaar?",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Opslaan"))


INVALID_DATA = {
    "name": "",
    "email": "geen-e-mailadres",
    "notes": "Mijn toelichting",
    "role": "owner",
    "escalation": "board",
    "days": ["tue"],
}
VALID_DATA = {**INVALID_DATA, "name": "Ada", "email": "ada@example.org", "agree": "on"}


# --- a small DOM built with html.parser -------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict
    ancestors: list
    text: str = ""
    children: list = field(default_factory=list)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    @property
    def describedby(self):
        return (self.attrs.get("aria-describedby") or "").split()

    def find_all(self, tag):
        found = []
        for child in self.children:
            if child.tag == tag:
                found.append(child)
            found.extend(child.find_all(tag))
        return found


class Document(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, [])
        self.elements = []
        self._stack = [self.root]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), list(self._stack[1:]))
        self._stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._stack.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, 0, -1):
            if self._stack[index].tag == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        for element in self._stack[1:]:
            element.text += data

    def find_all(self, tag):
        return [element for element in self.elements if element.tag == tag]

    def by_id(self, element_id):
        matches = [element for element in self.elements if element.attrs.get("id") == element_id]
        assert len(matches) == 1, f"expected one element with id {element_id!r}, got {matches}"
        return matches[0]

    def controls(self):
        return [
            element
            for element in self.elements
            if element.tag in CONTROL_TAGS
            and element.attrs.get("type") not in NOT_LABELLED_INPUT_TYPES
        ]

    def controls_named(self, name):
        return [element for element in self.controls() if element.attrs.get("name") == name]

    def control(self, name):
        (element,) = self.controls_named(name)
        return element

    def label_text(self, control):
        labels = [
            label
            for label in self.find_all("label")
            if label.attrs.get("for") == control.attrs["id"]
        ]
        assert len(labels) == 1, f"{control.attrs['name']} has {len(labels)} labels"
        return " ".join(labels[0].text.split())


def squash(text):
    return " ".join(text.split())


def render_tag(form, **context):
    template = Template("{% load crispy_forms_tags %}{% crispy form %}")
    return template.render(Context({"form": form, **context}))


def render_filter(form):
    template = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
    return template.render(Context({"form": form}))


@pytest.fixture(params=[render_tag, render_filter], ids=["crispy-tag", "crispy-filter"])
def render(request):
    def _render(data=None):
        form = ExampleForm(data=data)
        if data is not None:
            form.is_valid()
        return form, Document(request.param(form))

    return _render


# --- every rendering ---------------------------------------------------------------------


@pytest.mark.parametrize("data", [None, INVALID_DATA], ids=["unbound", "invalid"])
def test_every_control_has_exactly_one_label(render, data):
    _form, doc = render(data)
    controls = doc.controls()
    assert {control.attrs["name"] for control in controls} == set(ExampleForm.base_fields)
    for control in controls:
        assert control.attrs.get("id"), control
        assert doc.label_text(control)


def test_checkbox_label_comes_after_the_input(render):
    _form, doc = render()
    agree = doc.control("agree")
    label = next(lbl for lbl in doc.find_all("label") if lbl.attrs.get("for") == "id_agree")
    assert doc.elements.index(agree) < doc.elements.index(label)
    assert doc.label_text(agree) == "Ik ga akkoord"


def test_labels_mark_optional_fields_only(render):
    _form, doc = render()
    assert doc.label_text(doc.control("email")) == "E-mailadres (niet verplicht)"
    assert doc.label_text(doc.control("name")) == "Naam"
    assert doc.label_text(doc.control("notes")) == "Toelichting"
    assert doc.label_text(doc.control("role")) == "Rol"


def test_required_fields_carry_the_required_attribute(render):
    _form, doc = render()
    for name in ("name", "notes", "role", "agree"):
        assert "required" in doc.control(name).attrs, name
    assert all("required" in radio.attrs for radio in doc.controls_named("escalation"))
    assert "required" not in doc.control("email").attrs


def test_help_text_is_a_description_referenced_by_the_control(render):
    _form, doc = render()
    description = doc.by_id("id_name_description")
    assert description.tag == "div"
    assert "utrecht-form-field-description" in description.classes
    assert squash(description.text) == "Zoals in uw paspoort."
    assert doc.control("name").describedby == ["id_name_description"]
    # Without help text and errors there is nothing to reference.
    assert "aria-describedby" not in doc.control("email").attrs


def test_utrecht_classes_per_widget(render):
    _form, doc = render()
    assert doc.control("name").classes >= TEXTBOX
    assert doc.control("email").classes >= TEXTBOX
    assert doc.control("notes").classes >= TEXTAREA
    assert doc.control("role").classes >= SELECT
    assert doc.control("agree").classes >= CHECKBOX
    assert all(radio.classes >= RADIO for radio in doc.controls_named("escalation"))
    assert all(box.classes >= CHECKBOX for box in doc.controls_named("days"))
    # No modifier for an error while there is none.
    assert not any(cls.endswith("--invalid") for el in doc.elements for cls in el.classes)


def test_fields_are_utrecht_form_fields_with_labels_and_inputs(render):
    _form, doc = render()
    name = doc.control("name")
    wrapper = next(el for el in name.ancestors if "utrecht-form-field" in el.classes)
    assert "utrecht-form-field--text" in wrapper.classes
    assert "utrecht-form-field__input" in name.ancestors[-1].classes
    (label,) = wrapper.find_all("label")
    assert "utrecht-form-label" in label.classes
    assert "utrecht-form-field__label" in label.ancestors[-1].classes
    agree_wrapper = next(
        el for el in doc.control("agree").ancestors if "utrecht-form-field" in el.classes
    )
    assert "utrecht-form-field--checkbox" in agree_wrapper.classes


@pytest.mark.parametrize(
    "name, legend", [("escalation", "Escalatie"), ("days", "Dagen (niet verplicht)")]
)
def test_radio_and_checkbox_groups_are_fieldsets_with_a_legend(render, name, legend):
    _form, doc = render()
    options = doc.controls_named(name)
    assert len(options) == 2
    fieldsets = {
        id(el): el for option in options for el in option.ancestors if el.tag == "fieldset"
    }
    assert len(fieldsets) == 1
    (fieldset,) = fieldsets.values()
    assert {"utrecht-form-fieldset", "utrecht-form-fieldset--html-fieldset"} <= fieldset.classes
    legends = [child for child in fieldset.children if child.tag == "legend"]
    assert [squash(el.text) for el in legends] == [legend]
    assert "utrecht-form-fieldset__legend" in legends[0].classes
    assert [doc.label_text(option) for option in options] == [
        label for _value, label in ExampleForm.base_fields[name].choices
    ]


def test_group_description_is_referenced_by_the_fieldset(render):
    _form, doc = render()
    fieldset = doc.by_id("id_days_description").ancestors[-1]
    assert fieldset.tag == "fieldset"
    assert fieldset.describedby == ["id_days_description"]


@pytest.mark.parametrize("data", [None, VALID_DATA], ids=["unbound", "valid"])
def test_no_error_summary_without_errors(render, data):
    form, doc = render(data)
    assert not form.errors
    assert not [el for el in doc.elements if "utrecht-alert" in el.classes]
    assert not [el for el in doc.elements if (el.attrs.get("id") or "").endswith("_error")]


# --- after binding invalid data ------------------------------------------------------------


def test_invalid_fields_get_aria_invalid_and_reference_their_error(render):
    form, doc = render(INVALID_DATA)
    assert set(form.errors) == {"name", "email", "agree"}

    name = doc.control("name")
    assert name.attrs.get("aria-invalid") == "true"
    assert name.describedby == ["id_name_description", "id_name_error"]
    error = doc.by_id("id_name_error")
    assert "utrecht-form-field-error-message" in error.classes
    assert squash(error.text) == form.errors["name"][0]

    email = doc.control("email")
    assert email.attrs.get("aria-invalid") == "true"
    assert email.describedby == ["id_email_error"]
    assert squash(doc.by_id("id_email_error").text) == form.errors["email"][0]

    agree = doc.control("agree")
    assert agree.attrs.get("aria-invalid") == "true"
    assert agree.describedby == ["id_agree_error"]

    for valid in ("notes", "role"):
        assert "aria-invalid" not in doc.control(valid).attrs
        assert "aria-describedby" not in doc.control(valid).attrs


def test_invalid_fields_get_the_invalid_modifiers(render):
    _form, doc = render(INVALID_DATA)
    assert "utrecht-textbox--invalid" in doc.control("name").classes
    assert "utrecht-textbox--invalid" in doc.control("email").classes
    assert "utrecht-checkbox--invalid" in doc.control("agree").classes
    assert "utrecht-textarea--invalid" not in doc.control("notes").classes
    wrapper = next(el for el in doc.control("name").ancestors if "utrecht-form-field" in el.classes)
    assert "utrecht-form-field--invalid" in wrapper.classes


def test_invalid_group_marks_every_option_and_the_fieldset(render):
    form, doc = render({**INVALID_DATA, "escalation": "nope"})
    radios = doc.controls_named("escalation")
    assert all(radio.attrs.get("aria-invalid") == "true" for radio in radios)
    assert all("utrecht-radio-button--invalid" in radio.classes for radio in radios)
    error = doc.by_id("id_escalation_error")
    assert squash(error.text) == form.errors["escalation"][0]
    fieldset = error.ancestors[-1]
    assert fieldset.tag == "fieldset"
    assert "utrecht-form-fieldset--invalid" in fieldset.classes
    assert fieldset.describedby == ["id_escalation_error"]


def test_error_summary_links_to_every_invalid_field(render):
    form, doc = render({**INVALID_DATA, "escalation": "nope"})
    (alert,) = [el for el in doc.elements if "utrecht-alert" in el.classes]
    assert "utrecht-alert--error" in alert.classes
    assert alert.attrs.get("role") == "alert"
    assert SUMMARY_INTRO in squash(alert.text)
    links = {link.attrs["href"]: squash(link.text) for link in alert.find_all("a")}
    assert links == {
        "#id_name": f"Naam: {form.errors['name'][0]}",
        "#id_email": f"E-mailadres: {form.errors['email'][0]}",
        "#id_agree": f"Ik ga akkoord: {form.errors['agree'][0]}",
        "#id_escalation_0": f"Escalatie: {form.errors['escalation'][0]}",
    }
    for href in links:
        assert doc.by_id(href[1:]).tag == "input"
    # The summary comes before the first field.
    assert doc.elements.index(alert) < doc.elements.index(doc.control("name"))


def test_typed_values_are_kept_when_the_form_is_shown_again(render):
    _form, doc = render(INVALID_DATA)
    assert doc.control("email").attrs.get("value") == "geen-e-mailadres"
    assert squash(doc.control("notes").text) == "Mijn toelichting"
    selected = [
        opt.attrs["value"]
        for opt in doc.control("role").find_all("option")
        if "selected" in opt.attrs
    ]
    assert selected == ["owner"]
    checked = {el.attrs["value"] for el in doc.controls() if "checked" in el.attrs}
    assert checked == {"board", "tue"}


class CheckedForm(ExampleForm):
    def clean(self):
        raise forms.ValidationError("Deze afspraak bestaat al.")


@pytest.mark.parametrize(
    "renderer", [render_tag, render_filter], ids=["crispy-tag", "crispy-filter"]
)
def test_non_field_errors_are_listed_in_the_alert(renderer):
    form = CheckedForm(data=VALID_DATA)
    assert not form.is_valid()
    doc = Document(renderer(form))
    (alert,) = [el for el in doc.elements if "utrecht-alert" in el.classes]
    assert alert.attrs.get("role") == "alert"
    assert SUMMARY_INTRO in squash(alert.text)
    items = [squash(item.text) for item in alert.find_all("li")]
    assert items == ["Deze afspraak bestaat al."]
    assert not alert.find_all("a")


# --- the {% crispy %} tag: form element, buttons, layout objects -------------------------


def test_crispy_tag_renders_form_csrf_and_primary_submit():
    doc = Document(render_tag(ExampleForm(), csrf_token="test-token"))
    (form_element,) = doc.find_all("form")
    assert form_element.attrs.get("method") == "post"
    csrf = [el for el in doc.elements if el.attrs.get("name") == "csrfmiddlewaretoken"]
    assert [el.attrs.get("value") for el in csrf] == ["test-token"]
    (button,) = doc.find_all("button")
    assert button.attrs.get("type") == "submit"
    assert {"utrecht-button", "utrecht-button--primary-action"} <= button.classes
    assert "btn" not in button.classes
    assert squash(button.text) == "Opslaan"
    assert "utrecht-button-group" in button.ancestors[-1].classes


def test_crispy_filter_renders_no_form_element():
    doc = Document(render_filter(ExampleForm()))
    assert not doc.find_all("form")
    assert not doc.find_all("button")


def test_layout_fieldset_and_button_holder():
    form = ExampleForm()
    form.helper.form_tag = False
    form.helper.inputs = []
    form.helper.layout = Layout(
        Fieldset("Persoon", "name", "email"),
        ButtonHolder(Submit("save", "Opslaan"), Button("cancel", "Annuleren")),
    )
    doc = Document(render_tag(form))
    assert not doc.find_all("form")
    (fieldset,) = [
        el
        for el in doc.find_all("fieldset")
        if "id_name" in {c.attrs.get("id") for c in el.find_all("input")}
    ]
    assert {"utrecht-form-fieldset", "utrecht-form-fieldset--html-fieldset"} <= fieldset.classes
    assert squash(fieldset.find_all("legend")[0].text) == "Persoon"
    submit, cancel = doc.find_all("button")
    assert "utrecht-button--primary-action" in submit.classes
    assert "utrecht-button--secondary-action" in cancel.classes
    assert submit.ancestors[-1] is cancel.ancestors[-1]
    assert "utrecht-button-group" in submit.ancestors[-1].classes


def test_formset_through_the_filter():
    formset = forms.formset_factory(ExampleForm, extra=2)()
    doc = Document(render_filter(formset))
    assert doc.by_id("id_form-TOTAL_FORMS").attrs["value"] == "2"
    for index in (0, 1):
        name = doc.control(f"form-{index}-name")
        assert doc.label_text(name) == "Naam"
        assert name.describedby == [f"id_form-{index}-name_description"]


def test_layout_form_with_errors_has_one_summary():
    form = ExampleForm(data=INVALID_DATA)
    form.helper.layout = Layout(Fieldset("Persoon", "name", "email"), "agree")
    doc = Document(render_tag(form))
    alerts = [el for el in doc.elements if "utrecht-alert" in el.classes]
    assert len(alerts) == 1
    assert doc.control("name").describedby == ["id_name_description", "id_name_error"]


def test_rendering_a_form_twice_gives_the_same_attributes():
    """crispy_field writes into widget.attrs; a second rendering must not pile up."""
    form = ExampleForm(data=INVALID_DATA)
    first, second = Document(render_tag(form)), Document(render_filter(form))
    for name in ("name", "email", "notes", "role", "agree"):
        assert first.control(name).attrs == second.control(name).attrs, name
