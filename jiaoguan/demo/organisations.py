"""The demo's organisation accounts (单位用户, DOMAIN §18.3): one working organisation of
each kind that opens an account, each with an administrator; the transport company (the
organisation of ``demo.accounts``) also with an operator and a viewer, a vehicle with three
unhandled camera records and 张伟 as a driver who consented (王芳 has a request waiting).

Every staff member logs in at /org/login/ with the demo password and the demo officers'
authenticator key. Created directly through the models (demo data) and idempotent: an
organisation is recognised by name, a user by username."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta

from django.db import transaction

from jiaoguan.core import clock
from jiaoguan.demo.accounts import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    OFFICER_TOTP_KEY,
    ORGANIZATION_NAME,
    ORGANIZATION_USERNAME,
    _aware,
)
from jiaoguan.demo.generator import (
    Batch,
    Generator,
    OrganizationRow,
    identity_number,
    province_regions,
)
from jiaoguan.demo.loader import current_counters, load
from jiaoguan.demo.violations import CAMERA_SYSTEM
from jiaoguan.identity.models import Office, Organization, Person, User
from jiaoguan.organisations.models import Account, DriverConsent, Staff
from jiaoguan.papers.models import HospitalDesignation
from jiaoguan.vehicles.models import Vehicle
from jiaoguan.violations.models import ViolationRecord

#: kind, name, administrator's username, vehicles (generator kind, state), what it shows
ORGANISATIONS = (
    ("transport_company", ORGANIZATION_NAME, ORGANIZATION_USERNAME, (),
     "车辆 5 辆（一辆货车逾期未检验、3 条未处理违法），驾驶人张伟已授权，王芳待确认"),
    ("dangerous_goods_carrier", "示范危险货物运输有限公司", "org0002",
     (("tanker", "normal"), ("tanker", "overdue")), "两辆危化品罐车，一辆逾期未检验"),
    ("school_bus_operator", "示范校车服务有限公司", "org0003",
     (("school_bus", "normal"), ("school_bus", "window")), "两辆校车，一辆在检验申领期内"),
    ("driving_school", "示范驾驶培训学校", "org0004",
     (("coach_car", "normal"), ("coach_car", "normal")), "两辆教练车；密钥可代理提交驾驶证申请"),
    ("dealer", "示范汽车销售服务有限公司", "org0005", (), "接口密钥可核发临时行驶车号牌"),
    ("medical_institution", "示范人民医院", "org0006", (),
     "接口密钥可提交体检证明；省级指定的C5体检医院（/backoffice/papers/hospitals/）"),
    ("inspection_station", "示范机动车检测有限公司", "org0007", (), "查看本单位车辆与密钥管理"),
)  # fmt: skip
#: The transport company's other staff: username, name, role.
TRANSPORT_STAFF = (
    ("org0001-op", "运输经办员", "operator"),
    ("org0001-view", "运输查看员", "viewer"),
)


def _vehicles_and_organisations(generator: Generator, as_of: date) -> Batch:
    province = generator.province
    region = province_regions(province.abbreviation)[0][0]
    counters = current_counters(province.abbreviation)
    rng = random.Random(f"jiaoguan-demo-organisations:{province.code}")
    batch = Batch()
    for kind, name, _username, vehicles, _shows in ORGANISATIONS:
        if Organization.objects.filter(name=name).exists():
            continue
        org_id = counters.take("organizations")
        batch.organizations.append(
            OrganizationRow(
                org_id, name, generator.credit_code(org_id, region.code), kind, region.code,
                "13900000009", True, _aware(date(2015, 3, 1)),
            )
        )  # fmt: skip
        for vehicle_kind, state in vehicles:
            batch.vehicles.append(
                generator.vehicle(rng, vehicle_kind, counters, owner_organization_id=org_id,
                                  state=state, earliest=date(2018, 1, 1))
            )  # fmt: skip
    return batch


def _staff(account: Account, username: str, name: str, role: str) -> User:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            kind=User.Kind.ORGANIZATION,
            organization=account.organization,
            first_name=name,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    if not TOTPDevice.objects.filter(user=user, name="demo").exists():
        TOTPDevice.objects.create(user=user, name="demo", key=OFFICER_TOTP_KEY, confirmed=True)
    Staff.objects.get_or_create(
        user=user,
        defaults={"account": account, "name": name, "role": role, "added_at": clock.now()},
    )
    return user


def _violations(organization: Organization, as_of: date) -> None:
    """Three unhandled camera records of the transport company's overdue truck."""
    vehicle = (
        Vehicle.objects.filter(owner_organization=organization, vehicle_type__startswith="H")
        .order_by("pk")
        .first()
    ) or Vehicle.objects.filter(owner_organization=organization).order_by("pk").first()
    camera = Organization.objects.filter(name=CAMERA_SYSTEM).first()
    if vehicle is None or camera is None:
        return
    for index, (code, days_ago) in enumerate((("1345", 60), ("1039", 50), ("1625", 40))):
        device_record_id = f"DEMO-ORG-{index:04d}"
        if ViolationRecord.objects.filter(reporter=camera, device_record_id=device_record_id):
            continue
        occurred = datetime.combine(as_of - timedelta(days=days_ago), time(9), clock.TIMEZONE)
        ViolationRecord.objects.create(
            reporter=camera,
            device_id="320102-CAM-0002",
            device_record_id=device_record_id,
            content_digest=hashlib.sha256(device_record_id.encode()).hexdigest(),
            code=code,
            plate_number=vehicle.plate_number,
            plate_type=vehicle.plate_type,
            vehicle=vehicle,
            occurred_at=occurred,
            place="宁双路与卡子门大街交叉口",
            region_code="320104",
            status=ViolationRecord.Status.ENTERED,
            entered_on=as_of - timedelta(days=days_ago - 1),
        )


def _consents(account: Account, region_code: str) -> None:
    by_key = {demo.key: demo for demo in DEMO_PEOPLE}
    for key, status in (("zhang_wei", "granted"), ("wang_fang", "requested")):
        demo = by_key[key]
        person = Person.objects.filter(
            id_number=identity_number(region_code, demo.birth, demo.sequence)
        ).first()
        if person is None or DriverConsent.objects.filter(account=account, person=person):
            continue
        DriverConsent.objects.create(
            account=account,
            person=person,
            status=status,
            requested_at=clock.now(),
            decided_at=clock.now() if status == "granted" else None,
        )


@transaction.atomic
def ensure_demo_organisations(
    *, officer: User, province: str = "苏", number: int = 1, as_of: date | None = None
) -> list[str]:
    """Create whatever is missing of the demo organisations; return their banner lines."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    generator = Generator(province=province, as_of=as_of)
    as_of = generator.as_of
    load([_vehicles_and_organisations(generator, as_of)])
    office: Office | None = officer.office
    region_code = province_regions(province)[0][0].code
    lines = [
        f"  {number}. 单位用户（/org/login/，登录名如下，密码 {DEMO_PASSWORD}，动态码同民警）："
    ]
    for kind, name, username, _vehicles, shows in ORGANISATIONS:
        organization = Organization.objects.get(name=name)
        account, _ = Account.objects.get_or_create(
            organization=organization,
            defaults={
                "opened_by": officer,
                "office": office,
                "agent_name": "示范经办人",
                "opened_at": clock.now(),
            },
        )
        _staff(account, username, f"{name[:6]}管理员", "administrator")
        line = f"     {username} {organization.get_kind_display()}「{name}」：{shows}"
        if kind == "transport_company":
            for other, other_name, role in TRANSPORT_STAFF:
                _staff(account, other, other_name, role)
            _violations(organization, as_of)
            _consents(account, region_code)
            line += "；另有经办员 org0001-op、查看员 org0001-view"
        if kind == "medical_institution":
            HospitalDesignation.objects.get_or_create(
                organization=organization,
                withdrawn_on=None,
                defaults={
                    "document": "示范省公交〔2024〕1号",
                    "designated_on": as_of - timedelta(days=365),
                    "designated_by": officer,
                },
            )
        lines.append(line)
    device = TOTPDevice.objects.filter(user__username=ORGANISATIONS[0][2], name="demo").first()
    if device is not None:
        lines.append(f"     单位用户动态口令密钥（与民警相同）：{device.config_url}")
    lines.append("     驾驶人在“我的 → 单位授权”（/me/organisations/）确认或撤回单位的授权请求。")
    return lines
