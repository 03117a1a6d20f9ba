"""Heartbeats of task workers, and the recovery of tasks whose worker stopped beating.

A worker beats before it claims its first task and then every third of a lease from a thread
of its own, so a worker busy with a long task (a PDF of 20 seconds) keeps its lease. A lease
that runs out means the process is gone (or cut off from the database for that long); its
RUNNING tasks go back to READY and the next free worker runs them again.
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from worker.models import WorkerBeat

logger = logging.getLogger(__name__)

# A task that has been claimed this often without finishing fails instead of running again:
# it may be what kills its workers (memory), and it must not take every worker down in turn.
MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """The task's worker stopped beating MAX_ATTEMPTS times while running it."""


def lease() -> timedelta:
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def beat(*, worker_id: str, started_at: datetime) -> None:
    """Record that this worker process is alive now."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def forget(*, worker_id: str) -> None:
    """A worker that stops on purpose gives its lease up at once."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def requeue_abandoned() -> list[str]:
    """Put every RUNNING task whose worker has not beaten within the lease back in the queue
    (or fail it after MAX_ATTEMPTS claims); returns the ids of the tasks requeued or failed.

    The rows are locked, skipping locked ones, so two workers recovering at once do not both
    act on a task; the status is checked again in the update, so a task that finished in the
    meantime stays finished."""
    now = timezone.now()
    WorkerBeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    alive = set(
        WorkerBeat.objects.filter(beat_at__gte=now - lease()).values_list("worker_id", flat=True)
    )
    recovered = []
    with transaction.atomic():
        for task in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                logger.error("Task %s lost its worker %d times; failed", task.pk, MAX_ATTEMPTS)
                task.set_failed(WorkerLost(f"worker lost {MAX_ATTEMPTS} times"))
            else:
                logger.warning("Task %s lost its worker %s; queued again", task.pk, task.worker_ids)
                DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY, started_at=None
                )
            recovered.append(str(task.pk))
    return recovered


class Heartbeat(threading.Thread):
    """Beats and recovers every third of a lease until stopped; its own database connection."""

    def __init__(self, *, worker_id: str, started_at: datetime) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = started_at
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(lease().total_seconds() / 3):
                try:
                    beat(worker_id=self.worker_id, started_at=self.started_at)
                    requeue_abandoned()
                except DatabaseError:
                    # The database is away for a moment; the next beat tries again (and if it
                    # stays away longer than the lease, other workers take the tasks over).
                    logger.exception("Heartbeat of %s failed", self.worker_id)
                close_old_connections()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join()
