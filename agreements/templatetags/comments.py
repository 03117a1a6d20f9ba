"""Comments beside the row they concern: a builder row's link to its threads in the step's
comments panel, and to a new comment about that row (agreements/discussion/views.step_panel)."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.inclusion_tag("agreements/comments/_row.html", takes_context=True)
def row_comments(context, kind: str, key) -> dict:
    """`kind` and `key` name the row as an anchor does (agreements/discussion/anchors.py)."""
    if key in (None, "") or "row_comments" not in context:
        return {"show": False}
    anchor = f"{kind}:{key}"
    row = context["row_comments"].get(anchor)
    summary = ""
    if row is not None:
        summary = ngettext("%(count)s opmerking", "%(count)s opmerkingen", row.count) % {
            "count": row.count
        }
        if row.open:
            summary += ", " + _("%(open)s open") % {"open": row.open}
    return {
        "show": row is not None or context.get("can_comment", False),
        "row": row,
        "summary": summary,
        "anchor": anchor,
        "step_slug": context["step"].slug,
        "can_comment": context.get("can_comment", False),
    }
