"""Safety publicity (交通安全宣传): officers publish warnings, education articles and accident
cases; everyone reads them without logging in. Each publication keeps the whole item as a
version and is audited with the officer and the fields changed (as the service guides are);
a withdrawal is audited with its reason. Reads: what is shown today (a warning only between
its dates), newest first.

An item aimed at a region and/or licence classes is pushed, when it is published and shown
that day, to every driver it concerns (``drivers.selectors.licenses_concerned``): one
``SafetyPush`` row per item and driver, written set-based with ``ON CONFLICT DO NOTHING``, so
an edit or a re-publication reaches only drivers who had not had it (a wider region, a class
added). The notices app writes the notices of the new rows (``events.SafetyItemPushed``). An
item for everyone (no region, no class) is not pushed: it is on the public pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import BigIntegerField, DateTimeField, F, IntegerField, Q, Value
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound, field_error
from jiaoguan.core.events import publish
from jiaoguan.drivers.rules import parse_classes
from jiaoguan.drivers.selectors import licenses_concerned
from jiaoguan.education.events import SafetyItemPushed
from jiaoguan.education.models import SafetyItem, SafetyItemVersion, SafetyPush
from jiaoguan.identity.actors import acting, permission_require

PUBLISH = "education.publish_safety"
EDITABLE = (
    "kind",
    "title",
    "summary",
    "body",
    "region_code",
    "license_classes",
    "starts_on",
    "ends_on",
)


def content_of(item: SafetyItem) -> dict[str, Any]:
    return {
        name: (value.isoformat() if isinstance(value, date) else value)
        for name in EDITABLE
        for value in [getattr(item, name)]
    }


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("kind") not in SafetyItem.Kind.values:
        raise field_error("education.safety.kind", "kind", _("请选择类别。"))
    for name in ("title", "body"):
        fields[name] = (fields.get(name) or "").strip()
        if not fields[name]:
            raise field_error("education.safety.required", name, _("请填写标题和正文。"))
    fields["title"] = fields["title"][:100]
    fields["summary"] = (fields.get("summary") or "").strip()[:200]
    code = (fields.get("region_code") or "").strip()
    if code and not (len(code) == 6 and code.isdigit()):
        raise field_error("education.safety.region", "region_code", _("请填写 6 位行政区划代码。"))
    fields["region_code"] = code
    classes = (fields.get("license_classes") or "").strip()
    if classes:
        try:
            classes = ",".join(parse_classes(classes))
        except ValueError:
            raise field_error(
                "education.safety.license_classes",
                "license_classes",
                _("请填写有效的准驾车型代码，如 A1,B2。"),
            ) from None
    fields["license_classes"] = classes
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        raise field_error("education.safety.dates", "ends_on", _("截止日期不能早于起始日期。"))
    return fields


def _user_id(actor) -> int | None:
    return getattr(acting(actor), "user_id", None)


@transaction.atomic
def safety_publish(
    *, actor, item_id: int | None = None, note: str = "", **changes: Any
) -> SafetyItem:
    """Publish a new item (``item_id`` None) or an edit of one: a new version kept whole,
    audited with the fields changed. An edit that changes nothing publishes nothing; a
    withdrawn item published again is shown again."""
    permission_require(actor, PUBLISH)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise field_error("education.safety.field", sorted(unknown)[0], _("无法修改该项。"))
    now = clock.now()
    if item_id is None:
        fields = _checked({name: changes.get(name) for name in EDITABLE})
        item = SafetyItem.objects.create(**fields, published_at=now)
        changed = [name for name in EDITABLE if fields[name] not in (None, "")]
    else:
        found = SafetyItem.objects.select_for_update().filter(pk=item_id).first()
        if found is None:
            raise NotFound("education.safety.not_found", _("没有找到这条宣传内容。"))
        item = found
        fields = _checked({**{n: getattr(item, n) for n in EDITABLE}, **changes})
        changed = sorted(n for n in EDITABLE if fields[n] != getattr(item, n))
        if not changed and item.withdrawn_at is None:
            return item
        for name in changed:
            setattr(item, name, fields[name])
        item.version = F("version") + 1
        item.published_at, item.withdrawn_at = now, None
        item.save()
        item.refresh_from_db()
    SafetyItemVersion.objects.create(
        item=item,
        version=item.version,
        content=content_of(item),
        note=(note or "")[:200],
        published_by_id=_user_id(actor),
        published_at=now,
    )
    pushed = _push(item, now=now)
    audit_record(
        actor=actor,
        action="education.safety.published",
        subject=item,
        data={"version": item.version, "fields": changed, "note": note, "pushed": pushed},
    )
    return item


def _push(item: SafetyItem, *, now) -> int:
    """Push ``item`` to the drivers it concerns who have not had it; how many new. Nothing
    for an item aimed at no one in particular, or not shown today (a warning before or after
    its dates). Runs in the publishing transaction, under the item's row lock for an edit;
    the unique (item, person) key settles any race."""
    if not (item.region_code or item.license_classes):
        return 0
    today = clock.local(now).date()
    if (item.starts_on and item.starts_on > today) or (item.ends_on and item.ends_on < today):
        return 0
    classes = [code for code in item.license_classes.split(",") if code]
    selected = (
        licenses_concerned(region_code=item.region_code, license_classes=classes)
        .annotate(
            p_item=Value(item.pk, output_field=BigIntegerField()),
            p_person=F("person_id"),
            p_version=Value(item.version, output_field=IntegerField()),
            p_at=Value(now, output_field=DateTimeField()),
        )
        .values("p_item", "p_person", "p_version", "p_at")
    )
    select_sql, params = selected.query.sql_with_params()
    table = SafetyPush._meta.db_table
    sql = (
        f"INSERT INTO {table} (item_id, person_id, version, pushed_at) {select_sql} "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pushed = max(cursor.rowcount, 0)
    if pushed:
        publish(SafetyItemPushed(item_id=item.pk, title=item.title, at=now))
    return pushed


@transaction.atomic
def safety_withdraw(*, actor, item_id: int, reason: str) -> SafetyItem:
    """Stop showing an item (it stays, with its versions); audited with the reason."""
    permission_require(actor, PUBLISH)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("education.reason_required", "reason", _("请填写原因。"))
    item = SafetyItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound("education.safety.not_found", _("没有找到这条宣传内容。"))
    if item.withdrawn_at is None:
        item.withdrawn_at = clock.now()
        item.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=actor,
            action="education.safety.withdrawn",
            subject=item,
            data={"version": item.version, "reason": reason[:200]},
        )
    return item


def safety_shown(*, today: date | None = None, kind: str | None = None) -> list[SafetyItem]:
    """What the public pages show today: items not withdrawn, warnings only between their
    dates (both included), newest first."""
    today = today or clock.today()
    items = SafetyItem.objects.filter(withdrawn_at__isnull=True).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=today),
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
    )
    if kind:
        items = items.filter(kind=kind)
    return list(items.order_by("-published_at", "-pk")[:100])


def safety_item_shown(*, item_id: int, today: date | None = None) -> SafetyItem:
    today = today or clock.today()
    found = (
        SafetyItem.objects.filter(pk=item_id, withdrawn_at__isnull=True)
        .filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=today),
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        )
        .first()
    )
    if found is None:
        raise NotFound("education.safety.not_found", _("没有找到这条宣传内容。"))
    return found


def safety_all() -> list[SafetyItem]:
    """Every item, for the officers' list (withdrawn ones too)."""
    return list(SafetyItem.objects.order_by("-published_at", "-pk")[:200])
