"""The forms of comments and review rounds (`comment_views.py`).

Choices are built per agreement: people are those of its parties, grouped by organisation, so a
tampered value is an invalid choice with a Dutch message; the domain functions check again.
"""

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organisation
from agreements.discussion.comments import MAX_BODY
from agreements.document.outline import STEPS
from agreements.lib.forms import DATE_WIDGET, field_of
from agreements.models import CommentVisibility, ReviewAnswer

BACK = (("stap", "stap"), ("overleg", "overleg"))


def _helper(action: str, label, form_id: str) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.form_action = action
    helper.form_id = form_id
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("submit", label, css_id=f"{form_id}-submit"))
    return helper


def people_choices(memberships: Iterable[Membership]) -> list:
    """People grouped by organisation, for a select (a person in two parties shows twice)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for membership in memberships:
        groups.setdefault(membership.organisation.name, []).append(
            (str(membership.user_id), membership.user.full_name or membership.user.email)
        )
    return list(groups.items())


def _back_field() -> forms.ChoiceField:
    """Where to go back to after posting: the step page or the discussion page."""
    return forms.ChoiceField(choices=BACK, widget=forms.HiddenInput, required=False)


def _body_field(label, rows: int, required_message) -> forms.CharField:
    """The text of a comment or a reply."""
    return forms.CharField(
        label=label,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


NOT_A_PARTY_MEMBER = _("Je kunt alleen mensen van de partijen bij deze afspraak noemen.")


class _MentionsMixin(forms.Form):
    # Shown on builder steps, where nothing is marked "(niet verplicht)": the help text and
    # the anchor's "De hele stap" say what may stay empty.
    drafting = True

    mentions = forms.MultipleChoiceField(
        label=_("Noem iemand (@)"),
        required=False,
        help_text=_(
            "Wie je noemt, krijgt een bericht. Alleen mensen van de partijen; bij een interne "
            "opmerking alleen collega's van je eigen organisatie."
        ),
        error_messages={"invalid_choice": NOT_A_PARTY_MEMBER},
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )


class StartThreadForm(_MentionsMixin):
    step = forms.ChoiceField(
        choices=[(step.slug, step.title) for step in STEPS], widget=forms.HiddenInput
    )
    back = _back_field()
    body = _body_field(_("Opmerking"), 3, _("Schrijf een opmerking."))
    visibility = forms.ChoiceField(
        label=_("Wie ziet dit?"),
        choices=CommentVisibility.choices,
        initial=CommentVisibility.SHARED,
        widget=forms.RadioSelect,
    )
    organisation = forms.ChoiceField(
        label=_("Namens"),
        required=False,
        help_text=_(
            "Je bent lid van meer partijen. Een interne opmerking ziet alleen de organisatie die "
            "je hier kiest."
        ),
    )
    anchor = forms.ChoiceField(label=_("Over"), required=False)
    field_order = ["step", "back", "body", "visibility", "organisation", "anchor", "mentions"]

    def __init__(
        self, *args, action: str, people, organisations=(), anchors, step: str, back: str, **kwargs
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"].update({"step": step, "back": back})
        kwargs.setdefault("auto_id", f"id_new_{step}_%s")
        super().__init__(*args, **kwargs)
        field_of(self, "mentions", forms.MultipleChoiceField).choices = people
        if len(organisations) > 1:
            field_of(self, "organisation", forms.ChoiceField).choices = [("", "—"), *organisations]
        else:
            del self.fields["organisation"]
        if anchors:
            field_of(self, "anchor", forms.ChoiceField).choices = [
                ("", _("De hele stap")),
                *anchors,
            ]
        else:
            del self.fields["anchor"]
        self.helper = _helper(action, _("Opmerking plaatsen"), f"new-thread-{step}")


class ReplyForm(_MentionsMixin):
    thread = forms.UUIDField(widget=forms.HiddenInput)
    back = _back_field()
    body = _body_field(_("Reactie"), 2, _("Schrijf een reactie."))
    field_order = ["thread", "back", "body", "mentions"]

    def __init__(self, *args, action: str, people, thread_id, back: str, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].update({"thread": thread_id, "back": back})
        kwargs.setdefault("auto_id", f"id_reply_{thread_id}_%s")
        super().__init__(*args, **kwargs)
        field_of(self, "mentions", forms.MultipleChoiceField).choices = people
        self.helper = _helper(action, _("Reageren"), f"reply-{thread_id}")


class EditCommentForm(forms.Form):
    """One's own comment, changed within the edit window (`comments.EDIT_WINDOW`)."""

    comment = forms.UUIDField(widget=forms.HiddenInput)
    back = _back_field()
    body = _body_field(
        _("Tekst van je opmerking"), 3, _("Schrijf de opmerking, of verwijder haar.")
    )

    def __init__(self, *args, action: str, comment_id, back: str, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].update({"comment": comment_id, "back": back})
        kwargs.setdefault("auto_id", f"id_edit_{comment_id}_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper(action, _("Wijziging opslaan"), f"edit-{comment_id}")


class CommentActionForm(forms.Form):
    """Delete one's own comment: which, and where to go back to."""

    comment = forms.UUIDField(widget=forms.HiddenInput)
    back = _back_field()


class ThreadActionForm(forms.Form):
    """Resolve or reopen: the thread, and where to go back to."""

    thread = forms.UUIDField(widget=forms.HiddenInput)
    back = _back_field()


class ReviewRequestForm(forms.Form):
    reviewers = forms.MultipleChoiceField(
        label=_("Personen"),
        required=False,
        error_messages={
            "invalid_choice": _("Alleen mensen van de partijen kunnen meelezen."),
        },
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    parties = forms.MultipleChoiceField(
        label=_("Hele partijen"),
        required=False,
        help_text=_(
            "Elk lid van de partij kan namens haar antwoorden; haar opstellers krijgen een bericht."
        ),
        error_messages={"invalid_choice": _("Kies alleen partijen bij deze afspraak.")},
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("Reageren vóór"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Kies een datum."),
            "invalid": _("Vul een geldige datum in, zoals 2026-12-31."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, action: str, people, parties: Iterable[Organisation], **kwargs):
        kwargs.setdefault("auto_id", "id_review_%s")
        super().__init__(*args, **kwargs)
        field_of(self, "reviewers", forms.MultipleChoiceField).choices = people
        field_of(self, "parties", forms.MultipleChoiceField).choices = [
            (str(party.pk), party.name) for party in parties
        ]
        self.helper = _helper(action, _("Vraag om te lezen"), "review-request")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("reviewers") and not cleaned.get("parties") and not self.errors:
            raise forms.ValidationError(_("Kies minstens één persoon of partij."))
        return cleaned


class ReviewAnswerForm(forms.Form):
    reviewer = forms.UUIDField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("Je antwoord"),
        choices=ReviewAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies akkoord of opmerkingen.")},
    )
    comment = forms.CharField(
        label=_("Opmerkingen"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, action: str, reviewer_id, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"]["reviewer"] = reviewer_id
        kwargs.setdefault("auto_id", f"id_answer_{reviewer_id}_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper(action, _("Antwoord geven"), f"answer-{reviewer_id}")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("answer") == ReviewAnswer.OPMERKINGEN
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Schrijf je opmerkingen erbij."))
        return cleaned
