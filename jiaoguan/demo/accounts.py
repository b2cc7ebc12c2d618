"""The named demo accounts, each showing one part of the platform.

Created directly through the models (demo data, no services, no audit events) and idempotent:
a person is recognised by identity number, an account by username, the organization by name.
Dates are computed from ``as_of`` so that the states hold on the day the demo is seeded. Identity
numbers use the reserved sequence codes (901-999) that the generator never issues.
"""

from __future__ import annotations

import random
from binascii import hexlify
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.db import transaction

from jiaoguan.demo.generator import (
    SHANGHAI,
    Batch,
    Generator,
    GrantRow,
    LicenseRow,
    MedicalRow,
    OrganizationRow,
    PersonRow,
    PointsRow,
    identity_number,
    province_regions,
)
from jiaoguan.demo.loader import current_counters, load
from jiaoguan.demo.plates import ensure_demo_plates
from jiaoguan.demo.violations import ensure_demo_violations
from jiaoguan.drivers.rules import cycle_bounds, cycle_index
from jiaoguan.identity.models import Office, Organization, Person, User
from jiaoguan.identity.roles import ROLES, roles_load
from jiaoguan.notices.devices import push_device_register

DEMO_PASSWORD = "Demo-2026"
OFFICER_USERNAME = "jc0001"
ORGANIZATION_USERNAME = "org0001"
ORGANIZATION_NAME = "示范道路运输有限公司"
#: The demo officers: username, name, roles (identity.roles). The first holds every role.
DEMO_OFFICERS = (
    (OFFICER_USERNAME, "示范民警", ("administrator",)),
    ("jc0002", "违法审核民警", ("violations_reviewer", "disputes_officer")),
    ("jc0003", "考试计划民警", ("exam_planner",)),
)
#: An officer of the office where the demo's Kunming violation happened: an objection is
#: answered by the office of the place (处理程序规定 art. 5), not the owner's home office.
KUNMING_OFFICER = ("jc0004", "昆明异议民警", ("disputes_officer",))
KUNMING_OFFICE = ("530100000000", "昆明市公安局交通警察支队", "53", "530100")
#: The officer's TOTP secret, fixed so the demo can be reproduced (20 bytes, hex).
OFFICER_TOTP_KEY = hexlify(b"jiaoguan-demo-totp!!").decode()


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    birth: date
    sequence: int  # 901-999: never issued by the generator
    phone: str | None  # None: in the register, without an account
    shows: str


DEMO_PEOPLE = (
    DemoPerson(
        "zhang_wei", "张伟", date(1985, 3, 12), 901, "13900000001",
        "两辆车（一辆小型轿车在检验申领期内，一辆检验已逾期）；C1 驾驶证在 90 天换证期内，"
        "本记分周期已记 9 分",
    ),
    DemoPerson(
        "li_xiuying", "李秀英", date(1954, 8, 16), 902, "13900000002",
        "年满 70 周岁的 C1 驾驶人，记分周期刚结束，应提交身体条件证明",
    ),
    DemoPerson(
        "wang_fang", "王芳", date(1998, 7, 8), 904, "13900000003",
        "4 个月前初次领证，处于实习期；一辆新能源小型汽车（号牌种类 52）",
    ),
    DemoPerson(
        "zhao_lei", "赵磊", date(2003, 5, 20), 907, "13900000004",
        "申请 C1 驾驶证、科目一已合格；在已分配的预约批次 DEMO-1 中分得考位："
        "/exams/windows/DEMO-1/ 可看自己的排名、考位和原因",
    ),
    DemoPerson(
        "chen_jing", "陈静", date(1990, 11, 23), 906, None,
        "在人口库中但尚未注册：用她的姓名和身份证号、任意手机号试试注册",
    ),
)  # fmt: skip


@dataclass
class Banner:
    lines: list[str]

    def __str__(self) -> str:
        return "\n".join(self.lines)


def _aware(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI).astimezone(UTC)


def _demo_rows(generator: Generator, as_of: date) -> Batch:
    """Rows for the demo people (those not yet in the register) and the organization."""
    province = generator.province
    region = province_regions(province.abbreviation)[0][0]
    counters = current_counters(province.abbreviation)
    rng = random.Random(f"jiaoguan-demo-accounts:{province.code}")
    batch = Batch()
    people: dict[str, PersonRow] = {}
    for demo in DEMO_PEOPLE:
        number = identity_number(region.code, demo.birth, demo.sequence)
        if Person.objects.filter(id_number=number).exists():
            continue
        gender = "male" if demo.sequence % 2 else "female"
        address = f"{province.name if province.is_municipality else province.name + region.city}"
        address += f"{region.district}示范路{demo.sequence - 900}号"
        row = PersonRow(
            counters.take("persons"), number, demo.name, gender, demo.birth, region.code, address
        )
        people[demo.key] = row
        batch.persons.append(row)

    def license_(person: PersonRow, first: date, valid_from: date, validity: str) -> LicenseRow:
        license_id = counters.take("licenses")
        row = LicenseRow(
            license_id, person.id, generator.archive_number(license_id), first, valid_from,
            validity, "valid", generator.issuing_authority, False,
        )  # fmt: skip
        batch.licenses.append(row)
        batch.grants.append(GrantRow(counters.take("grants"), license_id, "C1", first))
        return row

    if "zhang_wei" in people:
        person = people["zhang_wei"]
        # A 10-year license (first issued 16 years before expiry) expiring in 45 days.
        expiry = as_of + timedelta(days=45)
        first = expiry - relativedelta(years=16)
        license_row = license_(person, first, first + relativedelta(years=6), "10")
        cycle_start, _ = cycle_bounds(first, cycle_index(first, as_of))
        for points, days_ago, text in (
            (6, 120, "驾驶机动车违反道路交通信号灯通行"),
            (3, 25, "驾驶机动车行经人行横道，不按规定减速、停车、避让行人"),
        ):
            recorded = max(cycle_start, as_of - timedelta(days=days_ago))
            batch.points.append(
                PointsRow(counters.take("points"), license_row.id, points, recorded, text, True)
            )
        batch.vehicles.append(
            generator.vehicle(rng, "car", counters, owner_person_id=person.id, state="window",
                              nev=False)
        )  # fmt: skip
        batch.vehicles.append(
            generator.vehicle(rng, "suv", counters, owner_person_id=person.id, state="overdue",
                              nev=False)
        )  # fmt: skip
    if "li_xiuying" in people:
        person = people["li_xiuying"]
        # Long-term license; its scoring cycle ended 10 days ago, so a certificate is due.
        anniversary = as_of - timedelta(days=9)
        first = anniversary - relativedelta(years=as_of.year - 1992)
        license_(person, first, first + relativedelta(years=16), "long_term")
        previous_end = anniversary - relativedelta(years=1) - timedelta(days=1)
        issued = previous_end - timedelta(days=12)
        hospital = f"{province.capital}第一人民医院"
        batch.medical.append(
            MedicalRow(counters.take("medical"), person.id, issued, hospital, True,
                       _aware(issued + timedelta(days=3)))
        )  # fmt: skip
    if "wang_fang" in people:
        person = people["wang_fang"]
        first = as_of - relativedelta(months=4)
        license_(person, first, first, "6")
        batch.vehicles.append(
            generator.vehicle(rng, "car", counters, owner_person_id=person.id, nev=True,
                              earliest=as_of - timedelta(days=75))
        )  # fmt: skip

    if not Organization.objects.filter(name=ORGANIZATION_NAME).exists():
        org_id = counters.take("organizations")
        org_region = region.code
        batch.organizations.append(
            OrganizationRow(
                org_id, ORGANIZATION_NAME, generator.credit_code(org_id, org_region),
                "transport_company", org_region, "13900000009", True, _aware(date(2012, 6, 1)),
            )
        )  # fmt: skip
        for kind, state in (("coach", "normal"), ("coach", "window"), ("minibus", "normal"),
                            ("heavy_truck", "overdue"), ("taxi", "scrap_within_year")):  # fmt: skip
            batch.vehicles.append(
                generator.vehicle(rng, kind, counters, owner_organization_id=org_id,
                                  state=state, earliest=date(2012, 6, 1))
            )  # fmt: skip
    return batch


def _user(username: str, **fields) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = User(username=username, **fields)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user, True


def _office(generator: Generator) -> Office:
    """The capital's vehicle office: the demo officers' office and jurisdiction."""
    province = generator.province
    region = f"{province.capital_prefecture}00"
    office, _ = Office.objects.get_or_create(
        code=f"{region}000000",
        defaults={
            "name": province.vehicle_office,
            "province_code": province.code,
            "region_code": region,
        },
    )
    return office


def _officer(office: Office, username: str, name: str, roles: tuple[str, ...]) -> User:
    """An officer of ``office`` with the roles' groups and the demo's TOTP key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer, _ = _user(
        username, kind=User.Kind.OFFICER, is_staff=True, first_name=name, office=office
    )
    officer.groups.add(*Group.objects.filter(name__in=[ROLES[key].name for key in roles]))
    if not TOTPDevice.objects.filter(user=officer, name="demo").exists():
        TOTPDevice.objects.create(user=officer, name="demo", key=OFFICER_TOTP_KEY, confirmed=True)
    return officer


@transaction.atomic
def ensure_demo_accounts(*, province: str = "苏", as_of: date | None = None) -> Banner:
    """Create whatever is missing of the demo people, accounts and organization.

    Returns the banner text describing every account (also when nothing was created).
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    generator = Generator(province=province, as_of=as_of)
    as_of = generator.as_of
    load([_demo_rows(generator, as_of)])
    region = province_regions(province)[0][0]
    for demo in DEMO_PEOPLE:
        if demo.phone is None:
            continue
        person = Person.objects.get(
            id_number=identity_number(region.code, demo.birth, demo.sequence)
        )
        citizen, _ = _user(User.citizen_username(person.pk), kind=User.Kind.CITIZEN, person=person,
                           phone=demo.phone, first_name=person.name)  # fmt: skip
        if not citizen.push_devices.exists():
            # The citizen app "installed" on the demo phone: pushes land in the outbox.
            push_device_register(
                actor=None, account=citizen, token=f"demo-app-{citizen.pk:08d}", platform="android"
            )
    roles_load()
    office = _office(generator)
    code, name, province_code, region_code = KUNMING_OFFICE
    kunming, _ = Office.objects.get_or_create(
        code=code,
        defaults={"name": name, "province_code": province_code, "region_code": region_code},
    )
    _officer(kunming, *KUNMING_OFFICER)
    officer, *_others = (
        _officer(office, username, name, roles) for username, name, roles in DEMO_OFFICERS
    )
    zhang = DEMO_PEOPLE[0]
    zhang_person = Person.objects.get(
        id_number=identity_number(region.code, zhang.birth, zhang.sequence)
    )
    ensure_demo_plates(officer=officer, owner=zhang_person, province=province, as_of=as_of)
    ensure_demo_violations(owner=zhang_person, as_of=as_of)
    organization = Organization.objects.get(name=ORGANIZATION_NAME)
    _user(ORGANIZATION_USERNAME, kind=User.Kind.ORGANIZATION, organization=organization,
          first_name=ORGANIZATION_NAME)  # fmt: skip
    device = TOTPDevice.objects.get(user=officer, name="demo")
    return _banner(region.code, device.config_url, organization, office)


def _banner(
    region_code: str, otpauth_url: str, organization: Organization, office: Office
) -> Banner:
    lines = [f"演示账户（密码均为 {DEMO_PASSWORD}）："]
    for number, demo in enumerate(DEMO_PEOPLE, start=1):
        id_number = identity_number(region_code, demo.birth, demo.sequence)
        if demo.phone:
            lines.append(f"  {number}. {demo.name}  登录名 {id_number} 或手机号 {demo.phone}")
        else:
            lines.append(f"  {number}. {demo.name}  身份证号 {id_number}（无账户）")
        lines.append(f"     {demo.shows}")
    number = len(DEMO_PEOPLE) + 1
    lines += [
        f"  {number}. 民警（后台 /backoffice/，需要动态口令；所属机关「{office.name}」）：",
        *(
            f"     {username} {name}：角色「{'」「'.join(ROLES[key].name for key in roles)}」"
            for username, name, roles in DEMO_OFFICERS
        ),
        f"     {KUNMING_OFFICER[0]} {KUNMING_OFFICER[1]}（{KUNMING_OFFICE[1]}）："
        f"角色「{'」「'.join(ROLES[key].name for key in KUNMING_OFFICER[2])}」，"
        "答复昆明违法记录的异议",
        f"     动态口令密钥（四人相同）：{otpauth_url}",
        "     把上面的 otpauth:// 地址加入任意身份验证器应用（或生成二维码扫描），",
        "     登录时输入应用显示的 6 位数字。",
        f"  {number + 1}. 单位 {organization.name}（统一社会信用代码 {organization.credit_code}）"
        f"名下几辆营运车辆；单位用户 {ORGANIZATION_USERNAME} 见下文“单位用户”。",
    ]
    return Banner(lines)
