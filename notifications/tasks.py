"""Background tasks (django-tasks): thin wrappers around the e-mail functions."""

from django_tasks import task

from . import emails


@task()
def send_notification_email(notification_id: str) -> None:
    """E-mail one notification to its recipient, unless it has been e-mailed already."""
    emails.send_immediately(notification_id=notification_id)
