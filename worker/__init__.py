"""The task worker: `manage.py db_worker` with leases, so a task whose worker died runs again.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a
worker killed mid-task (out of memory, a node lost, SIGKILL) leaves it RUNNING for ever, and
a PDF waiting for it is never made. Here every worker beats (a row with the time it was last
alive) while it runs, and any worker puts a RUNNING task back in the queue once the worker
that claimed it has not beaten for a lease (TASK_LEASE_SECONDS). The task then runs again from
the start, so a task must be safe to run twice (agreements/printing/archive.py is).
"""
