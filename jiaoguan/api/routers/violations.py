"""Violations: records uploaded by enforcement systems (partners)."""

import base64
import binascii

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import AwareDatetime, Field

from jiaoguan.api.auth import partner_auth
from jiaoguan.core.errors import field_error
from jiaoguan.identity.models import PartnerKey
from jiaoguan.violations.services import violation_record_ingest

partner_router = Router(tags=["partners: violations"])


class RecordIn(Schema):
    device_id: str = Field(min_length=1, max_length=40, description="设备编号")
    record_id: str = Field(
        min_length=1, max_length=64, description="设备记录编号: 重复上传同一记录只保存一次"
    )
    code: str = Field(min_length=4, max_length=6, description="违法代码")
    plate_number: str = Field(min_length=7, max_length=12, description="号牌号码")
    plate_type: str = Field(min_length=2, max_length=2, description="号牌种类代码, e.g. 02")
    occurred_at: AwareDatetime = Field(description="违法时间, with its UTC offset")
    place: str = Field(min_length=1, max_length=200, description="违法地点")
    region_code: str = Field(description="违法地行政区划代码 (6 digits)")
    measurement: str = Field("", max_length=100, description="测量值, e.g. 限速60 实测85")
    evidence: list[str] = Field(description="证据图片, base64 (JPEG or PNG)")


class RecordOut(Schema):
    id: int
    status: str
    duplicate: bool


def _decode(evidence: list[str]) -> list[bytes]:
    images = []
    for position, text in enumerate(evidence):
        try:
            images.append(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            raise field_error(
                "violations.evidence.not_base64",
                f"evidence.{position}",
                _("证据不是有效的 base64 编码。"),
            ) from None
    return images


@partner_router.post(
    "/violations",
    auth=partner_auth(PartnerKey.Scope.VIOLATIONS_INGEST),
    response={200: RecordOut, 201: RecordOut},
)
def violation_record_upload(request, payload: RecordIn):
    """Upload one camera record for review (201); the same record again answers 200 with the
    stored one; other content under a used record id is refused (409)."""
    stored, created = violation_record_ingest(
        actor=request.auth,
        **payload.dict(exclude={"evidence"}),
        evidence=_decode(payload.evidence),
    )
    body = {"id": stored.pk, "status": stored.status, "duplicate": not created}
    return Status(201 if created else 200, body)
