"""Date arithmetic in SQL that the models' indexes and the reminders' queries share."""

from django.db.models import DateField, Func


class SubtractMonths(Func):
    """A date minus whole months, clamped to the month's last day (`_subtract_months` in
    agreements/records/reminders.py), in SQL.

    Deterministic on both databases, so that PostgreSQL and SQLite can index it (the notice
    deadline's index, `agreement_notice_deadline`).
    """

    arity = 2
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # PostgreSQL clamps date - interval to the end of a shorter month, as Python does.
        day, months = (compiler.compile(expression) for expression in self.source_expressions)
        return (
            f"CAST(({day[0]}) - ({months[0]}) * INTERVAL '1 month' AS date)",
            [*day[1], *months[1]],
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite's date() rolls 31 March minus a month over to 3 March; clamp by hand: the
        # first of the target month, plus the original day, at most the target month's last.
        day, months = (compiler.compile(expression) for expression in self.source_expressions)
        first = f"date({day[0]}, 'start of month', '-' || ({months[0]}) || ' months')"
        last = f"date({first}, '+1 month', '-1 day')"
        original = f"CAST(substr({day[0]}, 9, 2) AS INTEGER)"
        sql = (
            f"CASE WHEN {original} > CAST(substr({last}, 9, 2) AS INTEGER) THEN {last} "
            f"ELSE date({first}, '+' || ({original} - 1) || ' days') END"
        )
        # Each placeholder of `first` and `original` appears as often as they are repeated.
        first_params = [*day[1], *months[1]]
        params = [*day[1], *first_params, *first_params, *first_params, *day[1]]
        return sql, params
