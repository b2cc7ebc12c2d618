"""事故快处快赔 (DOMAIN §10): the public eligibility calculator, and the parties' own
accident (``/v1/me/accidents``): report, join by code, propose the responsibility, sign,
dispute. Another person's accident answers 404 as if it did not exist."""

from datetime import datetime
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from jiaoguan.accidents import errors, explanations, photos, printing, selectors, services
from jiaoguan.accidents.models import Accident
from jiaoguan.accidents.rules import liability
from jiaoguan.accidents.rules.eligibility import Facts, eligibility_check
from jiaoguan.accidents.rules.reporting import photos_complete
from jiaoguan.api.auth import citizen_auth
from jiaoguan.api.errors import error_responses
from jiaoguan.api.types import Text
from jiaoguan.applications.rules.accidents import QUICK
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.core.http import client_address

calculator_router = Router(tags=["calculators", "accidents"])
router = Router(tags=["accidents"], auth=citizen_auth)


class QuickHandlingIn(Schema):
    vehicles: int = Field(ge=1, le=99, description="发生事故的机动车数量")
    injured: bool = Field(description="是否有人员受伤或死亡")
    both_insured: bool = Field(description="双方是否均投保交强险")
    both_licensed: bool = Field(description="双方驾驶人是否均持有有效且准驾车型相符的驾驶证")
    movable: bool = Field(description="车辆是否均能移动")
    drink_or_drugs: bool = Field(False, description="是否有饮酒或涉毒驾驶嫌疑")
    dangerous_goods: bool = Field(False, description="是否载运危险物品")
    no_or_fake_plates: bool = Field(False, description="是否无号牌或使用伪造、变造号牌")
    party_left: bool = Field(False, description="是否有一方当事人离开现场")
    hit_property: bool = Field(False, description="是否碰撞建筑物或公共设施")


class ReasonOut(Schema):
    code: str
    explanation: str


class QuickHandlingOut(Schema):
    eligible: bool
    reasons: list[str]
    instead: str | None
    instead_text: str | None
    rules: list[ReasonOut]


@calculator_router.get("/accident-quick-handling", response=QuickHandlingOut)
def accident_quick_handling_calculator(request, params: Query[QuickHandlingIn]):
    """Whether a minor accident may be settled online (快处快赔): ``eligible``, the stable
    ``reasons`` against it (empty when eligible), what to do instead (``instead``:
    call_122_and_120, call_122_stay, move_then_call_122, call_122) and the rules applied
    (事故程序规定 arts. 13-15; the platform's scope: two motor vehicles, both insured, both
    licensed, movable, property damage only)."""
    outcome = eligibility_check(Facts(**params.dict()))
    return {
        "eligible": outcome.eligible,
        "reasons": [str(reason) for reason in outcome.reasons],
        "instead": str(outcome.instead) if outcome.instead else None,
        "instead_text": explanations.instead_text(outcome.instead) if outcome.instead else None,
        "rules": [
            {"code": str(reason), "explanation": explanations.reason_text(reason)}
            for reason in outcome.reasons
        ],
    }


class AccidentVehicleIn(Schema):
    plate_type: Text = Field(max_length=2, description="号牌种类代码（如 02 小型汽车）")
    plate_number: Text = Field(max_length=8, description="号牌号码")
    insurer: Text = Field(max_length=60, description="交强险承保公司")
    policy_number: Text = Field(max_length=40, description="交强险保单号")
    collision_point: Text = Field(max_length=60, description="碰撞部位")


class AccidentReportIn(AccidentVehicleIn):
    facts: QuickHandlingIn
    occurred_at: datetime = Field(description="事故时间")
    place: Text = Field(max_length=120, description="事故地点")
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    region_code: Text = Field(max_length=6, description="事故地点的行政区划代码")
    weather: Literal["sunny", "cloudy", "rain", "snow", "fog"]
    kind: Literal["rear_end", "sideswipe", "angle", "reversing", "other"]


class AccidentJoinIn(AccidentVehicleIn):
    code: Text = Field(max_length=8, description="甲方手机上显示的加入码")


class AccidentProposeIn(Schema):
    scenario: Text = Field(max_length=30, description="事故情形参照表中的情形编码")
    party: Literal["a", "b"] = Field(description="该情形所指的一方")


class AccidentDisputeIn(Schema):
    reason: Text = Field(min_length=1, max_length=500, description="对事故事实或成因的异议")


class AccidentSignIn(Schema):
    challenge_id: int = Field(description="获取签字验证码时返回的编号")
    code: Text = Field(min_length=1, max_length=6, description="短信验证码")


class AccidentSignCodeOut(Schema):
    challenge_id: int = Field(description="签字时连同短信验证码一并提交")


class AccidentPhotoOut(Schema):
    id: int
    kind: str = Field(description="front_side, rear_side, collision_point, scene")
    kind_label: str
    role: str = Field(description="拍摄方：a 或 b")
    size: int
    taken_at: str | None = Field(description="照片 EXIF 中的拍摄时间（如有）")
    time_ok: bool | None = Field(description="拍摄时间与报告的事故时间是否相符；无时间为 null")
    place_ok: bool | None = Field(description="拍摄地点与报告的事故地点是否相符；无位置为 null")
    flagged: bool = Field(description="时间或地点不符或缺失，交警定责时会留意")
    url: str


class AccidentPartyOut(Schema):
    role: str
    role_label: str
    me: bool
    plate_type: str
    plate_number: str
    insurer: str
    policy_number: str
    collision_point: str
    signed: bool


class AccidentClaimOut(Schema):
    role: str
    role_label: str
    insurer: str
    status: str = Field(description="报案状态：queued, sending, filed, failed, offline")
    status_label: str
    progress: str = Field(description="理赔进度：空, accepted, assessed, paid, rejected")
    progress_label: str
    claim_number: str = Field(description="保险公司的报案号（受理后）")
    assessed_yuan: str
    paid_yuan: str
    note: str


class AccidentOut(Schema):
    id: int
    reference: str
    state: str
    stage_label: str
    join_code: str | None = Field(description="甲方待乙方加入时可见")
    occurred_at: str
    place: str
    weather: str
    kind: str
    parties: list[AccidentPartyOut]
    scenario: str
    scenario_label: str
    share_a: int | None
    share_b: int | None
    agreement_number: str | None
    claims: list[AccidentClaimOut] = Field(description="双方向各自交强险承保公司的报案与理赔进度")
    photos: list[AccidentPhotoOut] = Field(description="双方拍摄的现场照片")
    photos_complete: bool = Field(description="必拍照片（车辆前侧、后侧、碰撞部位）是否已齐")


class AccidentScenarioOut(Schema):
    code: str
    label: str
    actor_share: int
    symmetric: bool


def _accident(accident: Accident, person_id: int) -> dict:
    state = accident.case.state
    table = liability.table_version(accident.liability_version) if accident.scenario else None
    shot = photos.photos_of_accident(accident)
    return {
        "id": accident.pk,
        "reference": str(accident.case.reference),
        "state": state,
        "stage_label": _(str(QUICK.stage(state).label)),
        "join_code": accident.join_code
        if state == "reported" and accident.case.applicant_id == person_id
        else None,
        "occurred_at": clock.local(accident.occurred_at).isoformat(),
        "place": accident.place,
        "weather": accident.weather,
        "kind": accident.kind,
        "parties": [
            {
                "role": party.role,
                "role_label": str(party.get_role_display()),
                "me": party.person_id == person_id,
                "plate_type": party.plate_type,
                "plate_number": party.plate_number,
                "insurer": party.insurer,
                "policy_number": party.policy_number,
                "collision_point": party.collision_point,
                "signed": party.signed_at is not None,
            }
            for party in accident.parties.all()
        ],
        "scenario": accident.scenario,
        "scenario_label": _(table.scenario(accident.scenario).label) if table else "",
        "share_a": accident.share_a,
        "share_b": accident.share_b,
        "agreement_number": accident.agreement_number,
        "claims": [vars(claim) for claim in selectors.claims_of_accident(accident)],
        "photos": [_photo(accident, photo) for photo in shot],
        "photos_complete": photos_complete([photo.kind for photo in shot]),
    }


def _photo(accident: Accident, photo) -> dict:
    return {
        "id": photo.pk,
        "kind": photo.kind,
        "kind_label": str(photo.get_kind_display()),
        "role": photo.party.role,
        "size": photo.size,
        "taken_at": clock.local(photo.taken_at).isoformat() if photo.taken_at else None,
        "time_ok": photo.time_ok,
        "place_ok": photo.place_ok,
        "flagged": photo.flagged,
        "url": f"/api/v1/me/accidents/{accident.pk}/photos/{photo.pk}",
    }


def _answer(request, accident_id: int) -> dict:
    accident = selectors.accident_of_party(actor=request.auth, accident_id=accident_id)
    return _accident(accident, selectors.party_person_id(request.auth))


@router.get("/scenarios", response=list[AccidentScenarioOut])
def scenarios(request):
    """The liability table in force today (责任认定参照表): each scenario, the share of the
    party it names (the other has the rest), and whether it is symmetric."""
    table = liability.table_on(clock.today())
    return [
        {
            "code": s.code,
            "label": _(s.label),
            "actor_share": s.actor_share,
            "symmetric": s.symmetric,
        }
        for s in table.scenarios
    ]


@router.get("", response=list[AccidentOut])
def my_accidents(request):
    """My accidents as either party, newest first."""
    person_id = selectors.party_person_id(request.auth)
    return [_accident(a, person_id) for a in selectors.accidents_of_person(actor=request.auth)]


@router.post("", response={201: AccidentOut, **error_responses(403, 422)})
def report(request, body: AccidentReportIn):
    """Party A reports: 422 `accidents.not_eligible` (with what to do instead) when the
    accident may not be settled online, `accidents.not_licensed` without a valid licence.
    The answer carries the `join_code` party B types."""
    fields = body.dict()
    facts = Facts(**fields.pop("facts"))
    accident = services.accident_report(
        actor=request.auth, facts=facts, ip_address=client_address(request), **fields
    )
    return Status(201, _answer(request, accident.pk))


@router.post("/join", response={200: AccidentOut, **error_responses(403, 404, 409, 422)})
def join(request, body: AccidentJoinIn):
    """Party B joins with the code shown on party A's phone."""
    accident = services.accident_join(
        actor=request.auth, ip_address=client_address(request), **body.dict()
    )
    return _answer(request, accident.pk)


@router.get("/{accident_id}", response={200: AccidentOut, **error_responses(404)})
def my_accident(request, accident_id: int):
    """One of my accidents; 404 `accidents.not_found` when it is not mine."""
    return _answer(request, accident_id)


@router.get(
    "/{accident_id}/agreement.pdf",
    response={200: None, **error_responses(404)},
    openapi_extra={
        "responses": {200: {"description": "协议书 (PDF)", "content": {"application/pdf": {}}}}
    },
)
def agreement(request, accident_id: int):
    """The agreement (协议书) as a PDF, once both parties signed; 404
    `accidents.no_agreement` before."""
    accident = selectors.accident_of_party(actor=request.auth, accident_id=accident_id)
    if not accident.agreement_number:
        raise errors.no_agreement()
    response = HttpResponse(printing.agreement_pdf(accident), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{accident.agreement_number}.pdf"'
    return response


@router.post(
    "/{accident_id}/propose", response={200: AccidentOut, **error_responses(404, 409, 422)}
)
def propose(request, accident_id: int, body: AccidentProposeIn):
    """Propose the responsibility: a scenario of the table in force and the party it names."""
    services.accident_propose(
        actor=request.auth, accident=accident_id, ip_address=client_address(request), **body.dict()
    )
    return _answer(request, accident_id)


@router.post(
    "/{accident_id}/photos",
    response={201: AccidentPhotoOut, **error_responses(404, 409, 422)},
)
def photo_upload(
    request,
    accident_id: int,
    kind: Form[Literal["front_side", "rear_side", "collision_point", "scene"]],
    photo: File[UploadedFile],
):
    """Upload one guided photo (multipart: ``kind`` and the ``photo`` file, JPEG or PNG).
    Checked by its content and size (422 ``accidents.photo_invalid``); its capture time and
    place (EXIF) compared with the report: a photo that disagrees, or has neither, is kept
    and flagged for the officer. A second photo of a kind replaces your first."""
    taken = photos.photo_upload(
        actor=request.auth,
        accident=accident_id,
        kind=kind,
        content=photo.read(),
        ip_address=client_address(request),
    )
    accident = selectors.accident_of_party(actor=request.auth, accident_id=accident_id)
    return Status(201, _photo(accident, taken))


@router.get(
    "/{accident_id}/photos/{photo_id}",
    response={200: None, **error_responses(404)},
    openapi_extra={
        "responses": {200: {"description": "照片", "content": {"image/jpeg": {}, "image/png": {}}}}
    },
)
def photo_content(request, accident_id: int, photo_id: int):
    """One photo of one of my accidents (either party's); 404 for anyone else."""
    found = photos.photo_for_party(actor=request.auth, accident_id=accident_id, photo_id=photo_id)
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post(
    "/{accident_id}/sign-code",
    response={200: AccidentSignCodeOut, **error_responses(404, 409, 429)},
)
def sign_code(request, accident_id: int):
    """Send the SMS code that confirms my signature to my registered mobile."""
    challenge_id = services.accident_sign_code(
        actor=request.auth, accident=accident_id, ip_address=client_address(request)
    )
    return {"challenge_id": challenge_id}


@router.post(
    "/{accident_id}/sign", response={200: AccidentOut, **error_responses(400, 404, 409, 422)}
)
def sign(request, accident_id: int, body: AccidentSignIn):
    """Sign the proposed responsibility with the SMS code (``/sign-code``); the second
    signature makes the agreement. 409 ``accidents.photos_missing`` until the guided photos
    are complete."""
    services.accident_sign(
        actor=request.auth,
        accident=accident_id,
        challenge_id=body.challenge_id,
        code=body.code,
        ip_address=client_address(request),
    )
    return _answer(request, accident_id)


@router.post(
    "/{accident_id}/dispute", response={200: AccidentOut, **error_responses(404, 409, 422)}
)
def dispute(request, accident_id: int, body: AccidentDisputeIn):
    """Ask the police to determine the responsibility online, saying why."""
    services.accident_dispute(
        actor=request.auth,
        accident=accident_id,
        reason=body.reason,
        ip_address=client_address(request),
    )
    return _answer(request, accident_id)


mounts = [
    ApiMount("/v1/calculators", calculator_router, position=11),
    ApiMount("/v1/me/accidents", router, position=179),
]
