# Refunds move onto the delivery engine (docs/adr/0008-delivery-engine.md): its columns
# (next_attempt_at → not_before, claimed_at, dispatched_at) and a "sending" status for a
# refund whose request is under way.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_reconcile_payments_permission"),
    ]

    operations = [
        migrations.RenameField(model_name="refund", old_name="next_attempt_at", new_name="not_before"),
        migrations.AlterField(
            model_name="refund",
            name="not_before",
            field=models.DateTimeField(verbose_name="最早发送时间"),
        ),
        migrations.AddField(
            model_name="refund",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="领取时间"),
        ),
        migrations.AddField(
            model_name="refund",
            name="dispatched_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="交付队列时间"),
        ),
        migrations.AlterField(
            model_name="refund",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="尝试次数"),
        ),
        migrations.AlterField(
            model_name="refund",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "退款中"),
                    ("sending", "退款请求中"),
                    ("succeeded", "已退款"),
                    ("failed", "退款失败"),
                ],
                default="pending",
                max_length=20,
                verbose_name="状态",
            ),
        ),
    ]
