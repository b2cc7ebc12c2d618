"""Demo points reduction by study (学法减分): the question bank, and a driver with a few points
who may reduce one online (no vehicle, no probation, fines paid).

Idempotent: the bank is loaded once per version; the driver is created once. The license and
the points go through the drivers' services (the ledger's writer), the account like the other
demo accounts."""

from __future__ import annotations

from datetime import date, timedelta

from jiaoguan.core import clock
from jiaoguan.demo.accounts import DEMO_PASSWORD
from jiaoguan.demo.generator import identity_number
from jiaoguan.drivers.services import license_class_grant, points_record_add
from jiaoguan.education import question_bank
from jiaoguan.education.banks import question_bank_load
from jiaoguan.identity.actors import system_actor
from jiaoguan.identity.models import Person, User

NAME, BIRTH, SEQUENCE, PHONE = "刘洋", date(1980, 4, 2), 911, "13900000011"
POINTS = 3


def ensure_demo_education(*, region_code: str, number: int) -> list[str]:
    """Create the demo data unless it exists; return the banner lines."""
    actor = system_actor("demo")
    question_bank_load(
        actor=actor,
        version=question_bank.VERSION,
        title=question_bank.TITLE,
        questions=question_bank.QUESTIONS,
    )
    id_number = _demo_driver(
        region_code=region_code,
        name=NAME,
        birth=BIRTH,
        sequence=SEQUENCE,
        phone=PHONE,
        obtained_on=date(2012, 5, 8),
        points=POINTS,
        days_ago=20,
        description="驾驶机动车行经人行横道未按规定减速、停车、避让行人",
    )
    return [
        f"  {number}. 学法减分 /me/education/reduction/：{NAME}  登录名 {id_number}"
        f" 或手机号 {PHONE}（密码 {DEMO_PASSWORD}）",
        f"     C1 驾驶证本周期记 {POINTS} 分，可网上学法减分：人脸核验（演示照片必过）、"
        "学满 30 分钟、20 题考试合格后减 1 分；题库 "
        f"{question_bank.VERSION}（{len(question_bank.QUESTIONS)} 题）。",
    ]


FULL_NAME, FULL_BIRTH, FULL_SEQUENCE, FULL_PHONE = "赵刚", date(1978, 11, 3), 913, "13900000013"


def ensure_demo_full_score(*, region_code: str, number: int) -> list[str]:
    """A driver at 12 points (满分) whose full-score education was opened when the twelfth
    point was recorded (education's ``PointsChanged`` subscriber): C1, so 7 study days, at
    least 5 attended (2 on site) and up to 3 online. Created once; the banner lines."""
    id_number = _demo_driver(
        region_code=region_code,
        name=FULL_NAME,
        birth=FULL_BIRTH,
        sequence=FULL_SEQUENCE,
        phone=FULL_PHONE,
        obtained_on=date(2010, 3, 15),
        points=12,
        days_ago=2,
        description="饮酒后驾驶机动车",
    )
    return [
        f"  {number}. 满分学习 /me/education/courses/：{FULL_NAME}  登录名 {id_number}"
        f" 或手机号 {FULL_PHONE}（密码 {DEMO_PASSWORD}）",
        "     C1 驾驶证本周期记满 12 分：学习 7 天（现场和网络至少 5 天，其中现场至少 2 天），"
        "网上学习每天满 3 小时计 1 天，学完预约科目一，合格后清除记分、发还驾驶证；"
        "现场学习和考试成绩由教育民警在后台“满分和审验教育”登记。",
    ]


def _demo_driver(
    *,
    region_code: str,
    name: str,
    birth: date,
    sequence: int,
    phone: str,
    obtained_on: date,
    points: int,
    days_ago: int,
    description: str,
) -> str:
    """A C1 driver with ``points`` recorded ``days_ago`` (fines paid), through the drivers'
    services, and their account; created once. Their identity number."""
    actor = system_actor("demo")
    id_number = identity_number(region_code, birth, sequence)
    person, created = Person.objects.get_or_create(
        id_number=id_number,
        defaults={"name": name, "gender": "male", "birth_date": birth, "region_code": region_code},
    )
    if created:
        license_ = license_class_grant(
            actor=actor,
            person=person,
            license_class="C1",
            obtained_on=obtained_on,
            issuing_authority="公安局交通管理局车辆管理所",
        )
        day = clock.today() - timedelta(days=days_ago)
        points_record_add(
            actor=actor,
            license_id=license_.pk,
            points=points,
            recorded_on=day,
            committed_on=day,
            description=description,
            fine_paid=True,
        )
    if not User.objects.filter(username=User.citizen_username(person.pk)).exists():
        user = User(
            username=User.citizen_username(person.pk),
            kind=User.Kind.CITIZEN,
            person=person,
            phone=phone,
            first_name=name,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return id_number
