import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plates", "0006_plate_requests_cases")]

    operations = [
        migrations.AlterField(
            model_name="platerequest",
            name="case",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plate_request",
                to="applications.case",
                verbose_name="业务申请",
            ),
        ),
    ]
