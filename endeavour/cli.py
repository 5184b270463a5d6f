"""The ``endeavour`` console command: Django's management commands for this project."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "endeavour"
    execute_from_command_line(args)
    return 0
