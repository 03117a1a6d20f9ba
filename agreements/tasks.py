"""Background tasks (django-tasks): thin wrappers around domain functions."""

from django_tasks import task

from . import archive


@task()
def render_archived_pdf(archived_id: str) -> None:
    """Render a version's PDF and store it."""
    archive.render_archived(archived_id)
