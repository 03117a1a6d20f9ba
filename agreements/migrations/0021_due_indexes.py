"""What comes due, read along indexes: the current version's adoption copied onto the
agreement (filled here from the versions), and an index per kind of due item
(agreements/records/reminders.py `_due_kinds`)."""

from django.db import migrations, models

import agreements.lib.dates


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0020_search_sqlite_fts"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="current_adopted_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="vastgesteld op (laatste versie)",
            ),
        ),
        migrations.RunSQL(
            "UPDATE agreements_agreement SET current_adopted_at = ("
            "SELECT adopted_at FROM agreements_version"
            " WHERE agreements_version.id = agreements_agreement.current_version_id)"
            " WHERE current_version_id IS NOT NULL",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["next_evaluation"], name="agreement_next_evaluation"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["in_force_end"], name="agreement_in_force_end"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                condition=models.Q(
                    ("current_version__isnull", False),
                    models.Q(
                        ("signed_version__isnull", True),
                        models.Q(("signed_version", models.F("current_version")), _negated=True),
                        _connector="OR",
                    ),
                ),
                fields=["current_adopted_at"],
                name="agreement_awaiting_signatures",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                agreements.lib.dates.SubtractMonths("in_force_end", "notice_period_months"),
                condition=models.Q(("notice_period_months__gt", 0)),
                name="agreement_notice_deadline",
            ),
        ),
    ]
