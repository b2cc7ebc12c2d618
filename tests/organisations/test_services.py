"""Organisation accounts: opening at the counter, staff, keys, drivers' consent, and the
object-level bounds (an organisation never sees another's vehicles, drivers, keys or staff)."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, NotFound, PermissionDenied
from jiaoguan.identity.actors import CitizenActor, OrganisationStaffActor
from jiaoguan.identity.models import PartnerKey, User
from jiaoguan.identity.services.organisation_users import organization_login_with_password
from jiaoguan.organisations import rules, selectors, services
from jiaoguan.organisations.models import Account, DriverConsent, Staff
from tests.identity.factories import DEFAULT_PASSWORD, make_citizen, make_officer, make_person
from tests.organisations.factories import add_staff, counter_officer, credit_code_for, open_account
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


def _open(**changes):
    values = {
        "actor": counter_officer(),
        "name": "南京示范校车服务有限公司",
        "credit_code": credit_code_for(900),
        "kind": "school_bus_operator",
        "region_code": "320100",
        "agent_name": "李经办",
        "administrator_username": "xc-admin",
        "administrator_name": "校车管理员",
        "administrator_password": DEFAULT_PASSWORD,
    }
    values.update(changes)
    return services.organisation_open(**values)


def test_an_officer_opens_an_account_with_its_first_administrator():
    account, staff, otpauth = _open()
    assert account.status == Account.Status.OPEN
    assert account.origin == Account.Origin.COUNTER
    assert account.opened_by.username == "jc-orgs"
    assert account.office is not None
    assert account.organization.kind == "school_bus_operator"
    assert staff.role == "administrator"
    assert staff.user.kind == User.Kind.ORGANIZATION
    assert otpauth.startswith("otpauth://totp/")
    assert AuditEvent.objects.filter(action="organisations.account.opened").count() == 1
    # the first factor of the staff log-in is for organisation accounts only
    assert organization_login_with_password(identifier="xc-admin", password=DEFAULT_PASSWORD)


def test_opening_needs_the_permission():
    clerk = make_officer(username="jc-none")
    with pytest.raises(PermissionDenied):
        _open(actor=clerk)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"credit_code": "91320100MA0000001"}, "organisations.credit_code.length"),
        ({"credit_code": "91320100MA000000IX"}, "organisations.credit_code.characters"),
        ({"kind": "insurer"}, "organisations.kind.not_eligible"),
        ({"region_code": "32"}, "organisations.region.invalid"),
        ({"name": "  "}, "organisations.name.required"),
        ({"administrator_password": "123"}, "identity.organization_user.password_weak"),
    ],
)
def test_opening_refusals(changes, code):
    with pytest.raises(ApplicationError) as refusal:
        _open(**changes)
    assert refusal.value.code == code


def test_a_wrong_check_character_is_refused():
    good = credit_code_for(901)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    with pytest.raises(ApplicationError) as refusal:
        _open(credit_code=bad)
    assert refusal.value.code == "organisations.credit_code.check_digit"


def test_an_organisation_opens_only_once():
    _open()
    with pytest.raises(ApplicationError) as refusal:
        _open(administrator_username="xc-admin2")
    assert refusal.value.code == "organisations.account.already_open"


def test_administrators_add_and_remove_staff():
    _account, _admin, admin_actor = open_account()
    staff, actor = add_staff(admin_actor, "operator")
    assert isinstance(actor, OrganisationStaffActor)
    assert actor.role == "operator"
    assert actor.permissions == rules.permissions_of("operator")
    assert staff.user.totpdevice_set.filter(confirmed=True).exists()
    services.staff_remove(actor=admin_actor, staff_id=staff.pk)
    staff.refresh_from_db()
    staff.user.refresh_from_db()
    assert staff.removed_at is not None
    assert not staff.user.is_active
    assert selectors.staff_actor_for_user(staff.user) is None


def test_the_last_administrator_stays():
    _account, admin, admin_actor = open_account()
    with pytest.raises(ApplicationError) as refusal:
        services.staff_remove(actor=admin_actor, staff_id=admin.pk)
    assert refusal.value.code == "organisations.staff.last_administrator"


def test_keys_have_the_scopes_the_kind_allows():
    _account, _admin, admin_actor = open_account(kind="dealer")
    grant, secret = services.key_create(
        actor=admin_actor, scopes=["plates.temporary", rules.FLEET_SCOPE], label="门店系统"
    )
    assert grant.key.scopes == ["organisations.fleet", "plates.temporary"]
    assert grant.key.secret == secret
    assert grant.created_by_id == admin_actor.user_id
    with pytest.raises(ApplicationError) as refusal:
        services.key_create(actor=admin_actor, scopes=["violations.ingest"])
    assert refusal.value.code == "organisations.key.scope_refused"
    services.key_revoke(actor=admin_actor, grant_id=grant.pk)
    grant.key.refresh_from_db()
    assert grant.key.revoked_at is not None


def _fleet_of(account, *, overdue_records: int = 0):
    vehicle = make_vehicle(organization=account.organization, traits=["overdue"])
    make_vehicle(organization=account.organization)
    for _ in range(overdue_records):
        make_entered_record(vehicle)
    return vehicle


def test_the_fleet_shows_status_inspection_and_unhandled_violations():
    account, _admin, admin_actor = open_account()
    vehicle = _fleet_of(account, overdue_records=3)
    rows = selectors.fleet(actor=admin_actor, as_of=clock.today())
    assert len(rows) == 2
    row = next(row for row in rows if row.vehicle_id == vehicle.pk)
    assert row.inspection_overdue
    assert row.condition == "inspection_overdue"
    assert row.unhandled_violations == 3
    assert [r.vehicle_id for r in selectors.fleet(
        actor=admin_actor, as_of=clock.today(), min_unhandled=3
    )] == [vehicle.pk]  # fmt: skip
    assert (
        len(selectors.fleet(actor=admin_actor, as_of=clock.today(), inspection_overdue=False)) == 1
    )
    assert selectors.fleet(actor=admin_actor, as_of=clock.today(), plate=vehicle.plate_number[-4:])
    csv = selectors.fleet_csv(rows)
    assert csv.startswith("\ufeff号牌号码")
    assert vehicle.plate_number in csv


def test_drivers_show_only_with_their_consent():
    _account, _admin, admin_actor = open_account()
    person = make_person(name="赵师傅")
    citizen = CitizenActor.of_user(make_citizen(person=person))
    consent = services.consent_request(actor=admin_actor, id_number=person.id_number, name="赵师傅")
    assert selectors.drivers_of(actor=admin_actor, as_of=clock.today()) == []
    with pytest.raises(ApplicationError) as refusal:
        services.consent_request(actor=admin_actor, id_number=person.id_number, name="赵师傅")
    assert refusal.value.code == "organisations.consent.already_requested"
    services.consent_decide(actor=citizen, consent_id=consent.pk, grant=True)
    [row] = selectors.drivers_of(actor=admin_actor, as_of=clock.today())
    assert row.name == "赵师傅"
    assert "*" in row.id_number_masked
    services.consent_withdraw(actor=citizen, consent_id=consent.pk)
    assert selectors.drivers_of(actor=admin_actor, as_of=clock.today()) == []


def test_a_driver_answers_only_their_own_requests():
    _account, _admin, admin_actor = open_account()
    person = make_person(name="钱师傅")
    consent = services.consent_request(actor=admin_actor, id_number=person.id_number, name="钱师傅")
    stranger = CitizenActor.of_user(make_citizen())
    with pytest.raises(NotFound):
        services.consent_decide(actor=stranger, consent_id=consent.pk, grant=True)
    with pytest.raises(PermissionDenied):
        services.consent_decide(actor=admin_actor, consent_id=consent.pk, grant=True)


# --- object level: one organisation never reaches another's ---------------------------------


@pytest.fixture
def two():
    first = open_account()
    second = open_account()
    _fleet_of(first[0], overdue_records=1)
    _fleet_of(second[0], overdue_records=2)
    for _account, _admin, actor in (first, second):
        services.key_create(actor=actor, scopes=[rules.FLEET_SCOPE])
        person = make_person(name="孙师傅")
        consent = services.consent_request(actor=actor, id_number=person.id_number, name="孙师傅")
        services.consent_decide(
            actor=CitizenActor.of_user(make_citizen(person=person)),
            consent_id=consent.pk,
            grant=True,
        )
        add_staff(actor, "viewer")
    return first, second


def test_each_organisation_reads_only_its_own(two):
    today = clock.today()
    for (account, _admin, actor), (other, _other_admin, _) in (two, two[::-1]):
        theirs = set(other.organization.vehicles.values_list("pk", flat=True))
        mine = {row.vehicle_id for row in selectors.fleet(actor=actor, as_of=today)}
        assert mine
        assert not mine & theirs
        assert {s.account_id for s in selectors.staff_of(actor)} == {account.pk}
        assert {k.account_id for k in selectors.keys_of(actor)} == {account.pk}
        drivers = selectors.drivers_of(actor=actor, as_of=today)
        consents = set(DriverConsent.objects.filter(account=account).values_list("pk", flat=True))
        assert drivers
        assert {d.consent_id for d in drivers} <= consents


def test_no_organisation_writes_to_another(two):
    (_a, _admin_a, actor_a), (account_b, _admin_b, _actor_b) = two
    viewer_b = Staff.objects.filter(account=account_b, role="viewer").get()
    with pytest.raises(NotFound):
        services.staff_remove(actor=actor_a, staff_id=viewer_b.pk)
    with pytest.raises(NotFound):
        services.key_revoke(actor=actor_a, grant_id=account_b.keys.get().pk)
    viewer_b.refresh_from_db()
    assert viewer_b.removed_at is None
    assert account_b.keys.get().key.revoked_at is None


def test_a_citizen_or_officer_is_not_staff():
    _account, _admin, _actor = open_account()
    for who in (make_citizen(), make_officer(username="jc-other")):
        with pytest.raises(PermissionDenied):
            selectors.fleet(actor=who, as_of=clock.today())


# --- the role matrix ------------------------------------------------------------------------

ACTIONS = {
    "view_fleet": lambda actor, ctx: selectors.fleet(actor=actor, as_of=clock.today()),
    "view_staff": lambda actor, ctx: list(selectors.staff_of(actor)),
    "view_keys": lambda actor, ctx: list(selectors.keys_of(actor)),
    "add_staff": lambda actor, ctx: add_staff(actor, "viewer"),
    "remove_staff": lambda actor, ctx: services.staff_remove(actor=actor, staff_id=ctx["spare"]),
    "create_key": lambda actor, ctx: services.key_create(actor=actor, scopes=[rules.FLEET_SCOPE]),
    "revoke_key": lambda actor, ctx: services.key_revoke(actor=actor, grant_id=ctx["grant"]),
    "request_consent": lambda actor, ctx: services.consent_request(
        actor=actor, id_number=ctx["person"].id_number, name=ctx["person"].name
    ),
}
#: What each role may do: written here independently of rules.ROLE_PERMISSIONS.
ALLOWED = {
    "viewer": {"view_fleet", "view_staff"},
    "operator": {"view_fleet", "view_staff", "request_consent"},
    "administrator": set(ACTIONS),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_role_matrix(role, action):
    _account, _admin, admin_actor = open_account()
    actor = admin_actor if role == "administrator" else add_staff(admin_actor, role)[1]
    spare, _ = add_staff(admin_actor, "viewer")
    grant, _secret = services.key_create(actor=admin_actor, scopes=[rules.FLEET_SCOPE])
    context = {"spare": spare.pk, "grant": grant.pk, "person": make_person(name="周师傅")}
    if action in ALLOWED[role]:
        ACTIONS[action](actor, context)
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](actor, context)


def test_partner_keys_migrated_are_keys_of_their_organisation():
    """The data migration's rule, run again on a key issued outside any account."""
    from importlib import import_module

    from django.apps import apps

    from jiaoguan.identity.services import partner_key_issue
    from tests.identity.factories import make_organization

    organization = make_organization(credit_code=credit_code_for(950), kind="dealer")
    key, _secret = partner_key_issue(
        actor=None, organization=organization, scopes=["plates.temporary"]
    )
    User.objects.create_user(
        username="dealer-user", kind=User.Kind.ORGANIZATION, organization=organization
    )
    migration = import_module(
        "jiaoguan.organisations.migrations.0002_partner_keys_become_organisation_keys"
    )
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # a rerun adds nothing
    account = Account.objects.get(organization=organization)
    assert account.origin == Account.Origin.PARTNER
    assert list(account.keys.values_list("key_id", flat=True)) == [key.pk]
    assert account.staff.get().role == "administrator"
    assert PartnerKey.objects.get(pk=key.pk).grant.account == account


def test_a_removed_administrator_acts_no_more():
    _account, _admin, admin_actor = open_account()
    _other, other_actor = add_staff(admin_actor, "administrator")
    spare, _ = add_staff(admin_actor, "viewer")
    services.staff_remove(actor=admin_actor, staff_id=_other.pk)
    # the actor was read before the removal (a session's request under way)
    with pytest.raises(PermissionDenied):
        services.staff_remove(actor=other_actor, staff_id=spare.pk)
    with pytest.raises(PermissionDenied):
        services.key_create(actor=other_actor, scopes=[rules.FLEET_SCOPE])
