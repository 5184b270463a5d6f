"""Celery application.

With ``REDIS_URL`` set, tasks go through Redis to worker processes. Without it, the
settings make Celery run each task in-process (eagerly) so the embedded install needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("endeavour", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
