"""Tasks for the tests of the task worker (tests/worker/): each run leaves a line in a file, so
a test can tell how often and by which process a task ran."""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def hold_on_first_run(log: str) -> str:
    """The first run writes its process id and then waits (for its worker to be killed); a
    later run finishes at once."""
    path = Path(log)
    first = not path.exists()
    with path.open("a") as stream:
        stream.write(f"{os.getpid()}\n")
    if first:
        time.sleep(600)
    return "klaar"


@task()
def take_a_while(log: str, seconds: float) -> str:
    """Writes its process id, then works for `seconds` (longer than a lease)."""
    with Path(log).open("a") as stream:
        stream.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    return "klaar"
