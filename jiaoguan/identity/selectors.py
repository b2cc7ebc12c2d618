from functools import cached_property

from django.db import connection
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound, PermissionDenied
from jiaoguan.identity.models import Person, User
from jiaoguan.identity.services import token_digest


class Citizen:
    """The citizen behind a credential: ids at once, the account and person only when used.

    Most API answers are served from the records cache, which needs only the ids and
    ``records_version``, so those come from one narrow query.
    """

    def __init__(
        self, *, user_id: int, person_id: int, records_version: int, user: User | None = None
    ) -> None:
        self.user_id = user_id
        self.person_id = person_id
        self.records_version = records_version
        if user is not None:
            self.__dict__["user"] = user

    @cached_property
    def user(self) -> User:
        return User.objects.select_related("person").get(pk=self.user_id)

    @property
    def person(self) -> Person:
        person = self.user.person
        assert person is not None  # a citizen's account always has its person
        return person


# Every API request runs this, so it is written out: building it through the ORM costs
# twice the database round trip. It stays portable SQL for SQLite and PostgreSQL.
CITIZEN_FOR_TOKEN_SQL = """
SELECT u.id, u.person_id, p.records_version
FROM identity_apitoken t
JOIN identity_user u ON u.id = t.user_id
JOIN identity_person p ON p.id = u.person_id
WHERE t.key_digest = %s AND t.expires_at > %s AND u.is_active
"""


def citizen_for_token(*, key: str) -> Citizen | None:
    """The active citizen a bearer token belongs to, or None if unknown or expired."""
    now = connection.ops.adapt_datetimefield_value(clock.now())
    with connection.cursor() as cursor:
        cursor.execute(CITIZEN_FOR_TOKEN_SQL, [token_digest(key), now])
        row = cursor.fetchone()
    if row is None:
        return None
    return Citizen(user_id=row[0], person_id=row[1], records_version=row[2])


def citizen_for_user(user) -> Citizen | None:
    """The citizen behind a logged-in session user, or None for officers and organizations."""
    if not user.is_authenticated or user.person_id is None:
        return None
    return Citizen(
        user_id=user.pk,
        person_id=user.person_id,
        records_version=user.person.records_version,
        user=user,
    )


def person_lookup(
    *, actor: User, query: str, purpose: str, as_of=None, ip_address: str | None = None
) -> Person:
    """An officer reads one person's register entry; the read is audited with its purpose.

    Raises ``NotFound`` for an unknown number and ``PermissionDenied`` without the
    ``identity.view_person`` permission.
    """
    if not actor.has_perm("identity.view_person"):
        raise no_permission()
    number = (query or "").strip().upper()
    person = Person.objects.filter(id_number=number).first()
    if person is None:
        raise NotFound("identity.person.not_found", _("人口信息库中没有该公民身份号码。"))
    audit_record(
        actor=actor,
        action="backoffice.lookup.person",
        subject=person,
        person_id_number=person.id_number,
        purpose=purpose,
        ip_address=ip_address,
    )
    return person


def no_permission() -> PermissionDenied:
    return PermissionDenied("backoffice.lookup.forbidden", _("您没有查询该类信息的权限。"))
