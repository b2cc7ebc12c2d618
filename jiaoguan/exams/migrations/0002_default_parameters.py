"""The product defaults of DOMAIN.md §13.7 as the first parameter set."""

import datetime

from django.db import migrations


def load(apps, schema_editor):
    ExamParameterSet = apps.get_model("exams", "ExamParameterSet")
    ExamParameterSet.objects.get_or_create(
        effective_from=datetime.date(2022, 4, 1),
        defaults={
            "plan_publication_days": 10,
            "results_publication_working_days": 3,
            "knowledge_booking_limit": None,
            "same_day_retake": True,
            "max_preferences": 5,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
