"""`manage.py db_worker`: django-tasks-db's worker, with a heartbeat and lease (worker/leases.py).

This app comes before django_tasks_db in INSTALLED_APPS, so this command is the one that runs
under the upstream name (docker-compose.yml's worker service, `make run`'s worker).
"""

import os
from typing import Any

from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as upstream

from worker import leases


class LeasedWorker(upstream.Worker):
    """Beats before it claims anything, recovers abandoned tasks, then works as upstream's."""

    def run(self) -> None:
        started_at = timezone.now()
        leases.beat(worker_id=self.worker_id, started_at=started_at)
        leases.requeue_abandoned()
        heartbeat = leases.Heartbeat(worker_id=self.worker_id, started_at=started_at)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            leases.forget(worker_id=self.worker_id)


class Command(upstream.Command):
    help = "Run a database background worker (with a heartbeat, so a lost task runs again)"

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise upstream.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if options["reload"] and not options["batch"]:
            # As upstream: only the reloader's child process handles the signals.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
