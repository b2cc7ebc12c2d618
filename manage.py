#!/usr/bin/env python
"""Django's manage.py: production settings unless DJANGO_SETTINGS_MODULE names others
(``DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded`` for the embedded default)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
