"""The ``jiaoguan`` command: ``manage.py`` for an installed platform.

``jiaoguan demo`` and ``jiaoguan seed`` are management commands like any other, so
``jiaoguan help`` lists everything available.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.embedded")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jiaoguan", *sys.argv[1:]])
