# The second step of adding Dispute.reference (after 0005 filled it), apart so that
# PostgreSQL alters the table in a transaction without 0005's pending row updates.

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('violations', '0005_province_office_codes_dispute_reference'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dispute',
            name='reference',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='异议编号'),
        ),
        migrations.AddIndex(
            model_name='dispute',
            index=models.Index(fields=['province_code', 'office_code', 'status'], name='dispute_office'),
        ),
        migrations.AddIndex(
            model_name='penaltydecision',
            index=models.Index(fields=['province_code', '-decided_at'], name='decision_province_day'),
        ),
        migrations.AddIndex(
            model_name='violationrecord',
            index=models.Index(fields=['province_code', 'status'], name='record_province_status'),
        ),
    ]
