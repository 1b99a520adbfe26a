"""django-tasks-db's worker, which also takes back the tasks of workers that died.

A worker marks a task RUNNING when it claims it and FAILED or SUCCESSFUL when
it is done; a worker killed in between (SIGKILL, out of memory, a lost
machine) leaves the task RUNNING for ever, and its mail unsent. So this worker
puts back in the queue every task that has been running longer than
TASK_LEASE_SECONDS: when it starts, then every half lease. The lease must
outlast any task a live worker is still running, or that task runs twice; a
mail takes a few EMAIL_TIMEOUTs at worst.

This app comes before django_tasks_db in INSTALLED_APPS, so `manage.py
db_worker` is this command.
"""

import logging
import os
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("hub.mail")


def stale_tasks_requeue():
    """Queue again the tasks still running a lease after they started; return how many."""
    started_before = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    # Conditional, so that a task finishing at this moment keeps its outcome.
    count = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=started_before)
        .update(status=TaskResultStatus.READY)
    )
    if count:
        logger.warning("%d task(s) of a worker that died queued again", count)
    return count


def _stale_tasks_requeue_forever():
    while True:
        time.sleep(settings.TASK_LEASE_SECONDS / 2)
        try:
            stale_tasks_requeue()
        except DatabaseError:
            logger.exception("could not queue stale tasks again; trying later")
        finally:
            # This thread has a connection of its own; none is kept between checks.
            connection.close()


class Command(db_worker.Command):
    help = db_worker.Command.help + ", taking back the tasks of workers that died"

    def handle(self, *args, **options):
        stale_tasks_requeue()
        # A batch ends when the queue is empty; with --reload only the child runs tasks.
        runs_tasks = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if not options["batch"] and runs_tasks:
            threading.Thread(target=_stale_tasks_requeue_forever, daemon=True).start()
        super().handle(*args, **options)
