"""The product defaults of DOMAIN.md §13.6, effective from the start; officers edit them."""

import datetime

from django.db import migrations


def load(apps, schema_editor):
    SelectionParameterSet = apps.get_model("plates", "SelectionParameterSet")
    SelectionParameterSet.objects.get_or_create(effective_from=datetime.date(2000, 1, 1))


class Migration(migrations.Migration):
    dependencies = [("plates", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
