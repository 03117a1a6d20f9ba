"""The e-mails people get read as the pages do: no key, no raw value, no `75000.00`, no ISO
date (tests/support/surfaces.py). Adopting and signing a version, the reminders of the dates
that come due (an evaluation, the notice deadline, the end date, a follow-up action), and a
comment that mentions someone each send theirs; every one is read, subject and bodies."""

from datetime import date

import pytest

from accounts.models import Role
from agreements.discussion import comments
from agreements.records import evaluations
from agreements.records.reminders import send_reminders
from agreements.versions import adoption as versioning
from tests.support import cast
from tests.support.factories import sign_by_all
from tests.support.surfaces import defects, visible_parts

pytestmark = pytest.mark.django_db


def _read(message) -> list[tuple[str, str]]:
    parts = [("nl", message.subject), ("nl", message.body)]
    for content, kind in getattr(message, "alternatives", []):
        if kind == "text/html":
            parts += visible_parts(content, "nl")
    return parts


def test_no_email_gives_away_the_insides(demo, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comments.start_thread(
            agreement=demo,
            acting_user=cast.eva(),
            step="tafels",
            body="Klopt het mandaat van € 75.000 nog?",
            visibility="gedeeld",
            mentions=[cast.person("brabant", Role.OPSTELLER)],
        )
        version = versioning.adopt_version(agreement=demo, acting_user=cast.eva(), note="")
        sign_by_all(version)
        evaluations.record_evaluation(
            agreement=demo,
            acting_user=cast.eva(),
            held_on=date(2027, 2, 1),
            scores={aspect: (4, "Goed.") for aspect in ("content", "process", "relationship")},
            actions=[
                evaluations.ActionInput(
                    "Agenda stuurgroep beperken tot besluitpunten",
                    cast.bernheze(),
                    due_on=date(2027, 3, 10),
                )
            ],
        )
        for day in (date(2027, 3, 1), date(2030, 6, 1), date(2030, 11, 15)):
            send_reminders(today=day)
    kinds = {message.subject.split(":")[0] for message in mailoutbox}
    assert len(mailoutbox) > 40 and len(kinds) >= 7, kinds
    found = {}
    for message in mailoutbox:
        for problem in defects(_read(message), "nl"):
            found.setdefault(problem, message.subject)
    report = [f"{problem} (in “{subject}”)" for problem, subject in found.items()]
    assert found == {}, "\n".join(report)
