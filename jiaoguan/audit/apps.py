from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiaoguan.audit"
    label = "audit"

    def ready(self) -> None:
        from jiaoguan.audit import sqlite

        sqlite.connect()
