"""The ``jiaoguan`` command: ``manage.py`` for an installed platform.

``jiaoguan demo`` and ``jiaoguan seed`` are management commands like any other, so
``jiaoguan help`` lists everything available. Every command runs on the production settings
unless DJANGO_SETTINGS_MODULE names others, except ``jiaoguan demo``, which asks for the
embedded default (one process, SQLite, the outbox) and refuses production.
"""

import os
import sys

PRODUCTION = "jiaoguan.settings.production"
EMBEDDED = "jiaoguan.settings.embedded"


def settings_module_for(arguments: list[str]) -> str:
    """The settings module a command line runs on when DJANGO_SETTINGS_MODULE is not set."""
    return EMBEDDED if arguments[:1] == ["demo"] else PRODUCTION


def main() -> None:
    arguments = sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module_for(arguments))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jiaoguan", *arguments])
