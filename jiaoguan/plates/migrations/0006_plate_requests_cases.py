"""Every plate request becomes a case of the workflow (applications): the field, then a
case with its log for each request already stored. 0007 makes the field required."""

import django.db.models.deletion
from django.db import migrations, models

_DECISIONS = {"approved": "approve", "refused": "refuse", "withdrawn": "withdraw"}


def _office(request):
    from jiaoguan.plates.rules import office_of_plate

    plate = request.new_vehicle.prefix if request.new_vehicle_id else request.vehicle.plate_number
    try:
        return office_of_plate(plate)
    except ValueError:
        return "", plate[:2]


def cases_for_requests(apps, schema_editor):
    from jiaoguan.applications.rules import stage_deadline, table_for
    from jiaoguan.core.clock import local

    PlateRequest = apps.get_model("plates", "PlateRequest")
    Case = apps.get_model("applications", "Case")
    CaseTransition = apps.get_model("applications", "CaseTransition")
    requests = PlateRequest.objects.filter(case__isnull=True).select_related(
        "new_vehicle", "vehicle"
    )
    for request in requests.order_by("pk"):
        table = table_for(f"plates.{request.kind}")
        province_code, office_code = _office(request)
        log = [("open", "", table.initial[0], request.submitted_at, None)]
        if request.spouse_confirmed_at is not None:
            log.append(("confirm", log[-1][2], "submitted", request.spouse_confirmed_at, None))
        if request.state in _DECISIONS:
            action = _DECISIONS[request.state]
            if action == "approve" and log[-1][2] == "awaiting_spouse":
                action = "approve_in_person"
            at = request.decided_at or log[-1][3]
            log.append((action, log[-1][2], request.state, at, request.decided_by_id))
        last = log[-1]
        final = table.stage(request.state).final
        due_on = stage_deadline(table, request.state, local(last[3]).date())
        case = Case.objects.create(
            reference=request.reference,
            kind=table.kind,
            state=request.state,
            applicant_id=request.person_id,
            co_applicant_id=request.spouse_id,
            province_code=province_code,
            office_code=office_code,
            opened_at=request.submitted_at,
            stage_entered_at=last[3],
            stage_due_on=due_on,
            closed_at=last[3] if final else None,
        )
        for action, from_state, to_state, at, actor_id in log:
            CaseTransition.objects.create(
                case=case,
                action=action,
                from_state=from_state,
                to_state=to_state,
                actor_id=actor_id,
                actor_label="plates.0006",
                reason=request.decision_note if action == "refuse" else "",
                at=at,
                due_on=stage_deadline(table, to_state, local(at).date()),
            )
        request.case = case
        request.save(update_fields=["case"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("plates", "0005_plate_requests_spouse_transfers"),
    ]

    operations = [
        migrations.AddField(
            model_name="platerequest",
            name="case",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plate_request",
                to="applications.case",
                verbose_name="业务申请",
            ),
        ),
        migrations.RunPython(cases_for_requests, migrations.RunPython.noop),
    ]
