"""The migration to offices: each officer's free-text police unit becomes an office."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("identity", "0005_consent_codes")]
AFTER = [("identity", "0006_office_officers")]


@pytest.mark.django_db(transaction=True)
def test_police_units_become_offices_without_a_place():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("identity", "User")
    for username, unit in (("jc1", "南京市车管所"), ("jc2", "南京市车管所"), ("jc3", "")):
        User.objects.create(username=username, kind="officer", police_unit=unit)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    User = new.get_model("identity", "User")
    Office = new.get_model("identity", "Office")
    office = Office.objects.get()
    assert (office.code, office.name, office.province_code) == ("LEGACY0001", "南京市车管所", "")
    assert set(User.objects.filter(office=office).values_list("username", flat=True)) == {
        "jc1",
        "jc2",
    }
    assert User.objects.get(username="jc3").office_id is None
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
