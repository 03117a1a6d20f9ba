"""What comes due: evaluations, end dates and notice deadlines, on screen and by e-mail.

`send_reminders` is safe to run from cron every day: each due item is mailed to each contact once
(the `ReminderSent` key records it), however often it runs.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Membership, Role

from .models import Agreement, ReminderSent
from .status import with_status

HORIZON = timedelta(days=60)
CONTACT_ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR)


@dataclass(frozen=True)
class DueItem:
    kind: str  # "evaluation", "end" or "notice"
    agreement: Agreement
    due_on: date

    @property
    def label(self) -> str:
        return {
            "evaluation": _("Evaluatie gepland"),
            "end": _("Einddatum"),
            "notice": _("Laatste dag om op te zeggen"),
        }[self.kind]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.agreement.pk}:{self.due_on.isoformat()}"


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
        contacts = (
            Membership.objects.filter(
                organisation__agreement_parties__agreement=item.agreement,
                role__in=CONTACT_ROLES,
                user__is_active=True,
            )
            .select_related("user")
            .distinct()
        )
        for membership in contacts:
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
                        "link": settings.SITE_URL
                        + reverse("agreement_detail", args=[item.agreement.pk]),
                    },
                ),
                from_email=None,
                recipient_list=[membership.user.email],
            )
            sent += 1
    return sent
