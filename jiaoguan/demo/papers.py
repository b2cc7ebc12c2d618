"""The demo's papers walk-through (证件寄递): 孙丽, a driver with no vehicle and no unhandled
violation, whose licence is in its renewal window and whose hospital has sent a fresh
medical certificate; she has a default address in her address book and the demo office a
postal address, so her renewal can be posted and followed to delivered through the
sandbox courier, which pushes the parcel's whole story as soon as the waybill is booked.

Idempotent: everything is created once. The licence goes through the drivers' service, the
address through the address book's (audited like any citizen's); the medical certificate
is seed data, as the hospitals' rows of the generated jurisdiction are."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from jiaoguan.core import clock
from jiaoguan.core.places import county_place
from jiaoguan.demo.accounts import DEMO_PASSWORD
from jiaoguan.demo.generator import identity_number
from jiaoguan.drivers.models import MedicalCertificate
from jiaoguan.drivers.services import license_class_grant
from jiaoguan.identity.actors import actor_for_user, system_actor
from jiaoguan.identity.models import Person, User
from jiaoguan.papers.models import OfficePostalAddress
from jiaoguan.papers.postal.selectors import addresses_of_person
from jiaoguan.papers.postal.services import address_add

if TYPE_CHECKING:
    from jiaoguan.identity.models import Office

NAME, BIRTH, SEQUENCE, PHONE = "孙丽", date(1990, 9, 21), 912, "13900000012"
EXPIRES_IN_DAYS = 40  # inside the 90-day renewal window (162号 art. 63)


def _county(region_code: str) -> str:
    """A current county-level code for ``region_code`` (a city's first district)."""
    if county_place(region_code) is not None:
        return region_code
    for district in range(1, 100):
        candidate = f"{region_code[:4]}{district:02d}"
        if county_place(candidate) is not None:
            return candidate
    return "320102"


def _office_address(office: Office) -> None:
    OfficePostalAddress.objects.get_or_create(
        office_code=office.code,
        defaults={
            "province_code": office.province_code,
            "name": f"{office.name}车辆管理所",
            "region_code": _county(office.region_code),
            "detail": "车管所证件寄递窗口",
            "phone": "12123",
        },
    )


def _driver(region_code: str) -> User:
    person, created = Person.objects.get_or_create(
        id_number=identity_number(region_code, BIRTH, SEQUENCE),
        defaults={
            "name": NAME,
            "gender": "female",
            "birth_date": BIRTH,
            "region_code": region_code,
        },
    )
    if created:
        # A first licence is valid 6 years from the day it was obtained.
        obtained = clock.today() + timedelta(days=EXPIRES_IN_DAYS) - relativedelta(years=6)
        license_class_grant(
            actor=system_actor("demo"),
            person=person,
            license_class="C1",
            obtained_on=obtained,
            issuing_authority="公安局交通管理局车辆管理所",
        )
        MedicalCertificate.objects.create(
            person=person,
            issued_on=clock.today() - timedelta(days=7),
            institution_name="市第一人民医院",
        )
    user = User.objects.filter(username=User.citizen_username(person.pk)).first()
    if user is None:
        user = User(
            username=User.citizen_username(person.pk),
            kind=User.Kind.CITIZEN,
            person=person,
            phone=PHONE,
            first_name=NAME,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    if not addresses_of_person(person_id=person.pk).exists():
        address_add(
            actor=actor_for_user(user),
            person_id=person.pk,
            recipient_name=NAME,
            phone=PHONE,
            region_code=region_code,
            detail="中山路 1 号 2 单元 301 室",
            is_default=True,
        )
    return user


def ensure_demo_papers(*, officer: User, number: int) -> list[str]:
    """Create the demo data unless it exists; return the banner lines."""
    office = officer.office
    if office is None:
        return []
    _office_address(office)
    user = _driver(_county(office.region_code))
    assert user.person is not None
    return [
        f"  {number}. 证件寄递 /me/papers/license-renewal/：{NAME}  登录名 "
        f"{user.person.id_number} 或手机号 {PHONE}（密码 {DEMO_PASSWORD}）",
        f"     驾驶证 {EXPIRES_IN_DAYS} 天后到期、医院已提交体检证明：选“寄递到家”和地址簿中的地址"
        "提交，在沙箱支付页缴纳工本费；",
        f"     民警 {officer.username} 在 /backoffice/papers/ 审核通过、制证完成、点“已寄出”"
        "即向沙箱快递下单（可打印寄递运单及交接回执）；",
        "     沙箱快递随即推送轨迹：网办进度 /me/cases/ 显示运单号，签收后自动办结；"
        "少数邮件会退回，回到民警的待办，重新寄出即可。",
    ]
