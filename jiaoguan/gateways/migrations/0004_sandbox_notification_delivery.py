# The sandbox notifications move onto the delivery engine (docs/adr/0008-delivery-engine.md):
# its columns (next_attempt_at → not_before, last_answer → last_error, claimed_at) and a
# "sending" status for a claimed notification.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gateways", "0003_sandbox_acquirer"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="sandboxnotification", name="sandbox_notification_due"),
        migrations.RenameField(
            model_name="sandboxnotification", old_name="next_attempt_at", new_name="not_before"
        ),
        migrations.RenameField(
            model_name="sandboxnotification", old_name="last_answer", new_name="last_error"
        ),
        migrations.AlterField(
            model_name="sandboxnotification",
            name="not_before",
            field=models.DateTimeField(verbose_name="最早发送时间"),
        ),
        migrations.AlterField(
            model_name="sandboxnotification",
            name="last_error",
            field=models.CharField(blank=True, max_length=300, verbose_name="最近错误"),
        ),
        migrations.AddField(
            model_name="sandboxnotification",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="领取时间"),
        ),
        migrations.AlterField(
            model_name="sandboxnotification",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="尝试次数"),
        ),
        migrations.AlterField(
            model_name="sandboxnotification",
            name="dispatched_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="交付队列时间"),
        ),
        migrations.AlterField(
            model_name="sandboxnotification",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "待送达"),
                    ("sending", "发送中"),
                    ("acknowledged", "已确认"),
                    ("abandoned", "已放弃"),
                ],
                default="pending",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AddIndex(
            model_name="sandboxnotification",
            index=models.Index(
                condition=models.Q(("status", "pending")),
                fields=["not_before"],
                name="sandbox_notification_due",
            ),
        ),
    ]
