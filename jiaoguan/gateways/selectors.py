from jiaoguan.gateways.models import OutboxMessage


def outbox_recent(*, limit: int = 30) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.all()[:limit])
