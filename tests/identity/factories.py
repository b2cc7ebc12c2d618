"""Persons and accounts for tests. Identity numbers are built valid, from an index."""

import itertools
from datetime import date

from jiaoguan.core.ids import id_check_character
from jiaoguan.identity.models import Office, Organization, Person, User

_sequence = itertools.count(1)
DEFAULT_PASSWORD = "Correct-Horse-9"


def id_number_for(birth_date: date, *, region: str = "320102", female: bool = False) -> str:
    """A valid identity number, unique within a test run."""
    serial = next(_sequence) % 500
    sequence = serial * 2 + (0 if female else 1)
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def make_person(
    *, name: str = "张伟", birth_date: date = date(1985, 6, 15), female: bool = False, **fields
) -> Person:
    id_number = fields.pop("id_number", None) or id_number_for(birth_date, female=female)
    return Person.objects.create(
        id_number=id_number,
        name=name,
        gender="female" if female else "male",
        birth_date=birth_date,
        region_code=id_number[:6],
        **fields,
    )


def make_citizen(
    *, person: Person | None = None, phone: str | None = None, password: str = DEFAULT_PASSWORD
) -> User:
    person = person or make_person()
    user = User(
        kind=User.Kind.CITIZEN,
        username=User.citizen_username(person.pk),
        person=person,
        phone=phone or f"139{person.pk:08d}",
        first_name=person.name,
    )
    user.set_password(password)
    user.save()
    return user


def make_office(
    *, code: str = "320100000000", name: str = "南京市公安局交通警察支队", region: str = "320100"
) -> Office:
    """An office (by default Nanjing's, where the test records happen), made once per code."""
    office, _ = Office.objects.get_or_create(
        code=code, defaults={"name": name, "province_code": region[:2], "region_code": region}
    )
    return office


def make_officer(
    *,
    username: str = "jc0009",
    password: str = DEFAULT_PASSWORD,
    permissions: tuple[str, ...] = (),
    office: Office | None = None,
) -> User:
    """An officer of ``office`` (Nanjing's by default) holding ``permissions``."""
    from django.contrib.auth.models import Permission

    user = User(
        kind=User.Kind.OFFICER, username=username, is_staff=True, office=office or make_office()
    )
    user.set_password(password)
    user.save()
    for label in permissions:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_organization(**fields) -> Organization:
    defaults = {
        "name": "示范道路运输有限公司",
        "credit_code": "91320100MA1MXXXX0X",
        "kind": Organization.Kind.TRANSPORT_COMPANY,
        "region_code": "320100",
    }
    defaults.update(fields)
    return Organization.objects.create(**defaults)
