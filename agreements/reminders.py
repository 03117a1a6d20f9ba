"""What comes due: evaluations, end dates, notice deadlines and versions awaiting signatures,
on screen and by e-mail.

`send_reminders` is safe to run from cron every day: each due item is mailed to each contact once
(the `ReminderSent` key records it), however often it runs. Dates go to the opstellers and
ondertekenaars of every party; a version awaiting signatures goes to the ondertekenaars of the
parties that have not signed yet.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role

from .models import Agreement, ReminderSent
from .signing import party_keys
from .status import Status, with_status

HORIZON = timedelta(days=60)
CONTACT_ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR)


@dataclass(frozen=True)
class DueItem:
    kind: str  # "evaluation", "end", "notice" or "signature"
    agreement: Agreement
    due_on: date
    # For "signature": the version and the parties (organisation ids) that have not signed.
    version_number: int | None = None
    unsigned: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "signature":
            return _("Versie %(number)d wacht op ondertekening") % {"number": self.version_number}
        return {
            "evaluation": _("Evaluatie gepland"),
            "end": _("Einddatum"),
            "notice": _("Laatste dag om op te zeggen"),
        }[self.kind]

    @property
    def key(self) -> str:
        if self.kind == "signature":
            return f"signature:{self.agreement.pk}:{self.version_number}"
        return f"{self.kind}:{self.agreement.pk}:{self.due_on.isoformat()}"

    @property
    def url(self) -> str:
        if self.kind == "signature":
            return reverse("version_detail", args=[self.agreement.pk, self.version_number])
        return reverse("agreement_detail", args=[self.agreement.pk])

    def contacts(self) -> QuerySet[Membership]:
        """Who is told: the unsigned parties' ondertekenaars, or every party's contacts."""
        if self.kind == "signature":
            memberships = Membership.objects.filter(
                organisation_id__in=self.unsigned, role=Role.ONDERTEKENAAR
            )
        else:
            memberships = Membership.objects.filter(
                organisation__agreement_parties__agreement=self.agreement,
                role__in=CONTACT_ROLES,
            )
        return memberships.filter(user__is_active=True).select_related("user").distinct()


def _subtract_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def due_items(agreements: QuerySet[Agreement], today: date) -> list[DueItem]:
    """Items due from `today` up to the horizon, and overdue evaluations, soonest first."""
    items: list[DueItem] = []
    awaiting = (
        with_status(agreements, today)
        .exclude(status__in=[Status.CONCEPT, Status.BEEINDIGD, Status.VERLOPEN])
        .exclude(signed_version=F("current_version"))
        .select_related("current_version")
        .prefetch_related("current_version__signatures")
    )
    for agreement in awaiting:
        version = agreement.current_version
        signed = {str(s.organisation_id) for s in version.signatures.all()}
        unsigned = tuple(key for key in party_keys(version) if key not in signed)
        if unsigned:
            items.append(
                DueItem(
                    "signature",
                    agreement,
                    timezone.localdate(version.adopted_at),
                    version_number=version.number,
                    unsigned=unsigned,
                )
            )
    for agreement in with_status(agreements, today).exclude(status="concept"):
        if agreement.next_evaluation and agreement.next_evaluation <= today + HORIZON:
            items.append(DueItem("evaluation", agreement, agreement.next_evaluation))
        end = agreement.version_end
        if end and today <= end <= today + HORIZON:
            items.append(DueItem("end", agreement, end))
        if end and agreement.notice_period_months:
            notice = _subtract_months(end, agreement.notice_period_months)
            if today <= notice <= today + HORIZON:
                items.append(DueItem("notice", agreement, notice))
    return sorted(items, key=lambda item: item.due_on)


def send_reminders(*, today: date) -> int:
    """E-mail each party's contacts once per due item; returns the number of e-mails sent."""
    sent = 0
    for item in due_items(Agreement.objects.all(), today):
        for membership in item.contacts():
            key = f"{item.key}:{membership.user_id}"
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(key=key)
            except IntegrityError:
                continue  # already sent on an earlier run
            send_mail(
                subject=f"{item.label}: {item.agreement.title}",
                message=render_to_string(
                    "agreements/email/reminder.txt",
                    {
                        "item": item,
                        "user": membership.user,
                        "link": settings.SITE_URL + item.url,
                    },
                ),
                from_email=None,
                recipient_list=[membership.user.email],
            )
            sent += 1
    return sent
