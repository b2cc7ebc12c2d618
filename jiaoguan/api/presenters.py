"""Domain views → plain JSON-ready dicts, shared by the citizen and calculator endpoints.

Each date travels with the ``basis`` code of the rule that produced it and that rule's
explanation in the caller's language.
"""

from jiaoguan.core.ids import PLATE_TYPES
from jiaoguan.drivers import explanations as license_texts
from jiaoguan.drivers import rules as license_rules
from jiaoguan.drivers.selectors import LicenseView
from jiaoguan.vehicles import explanations as vehicle_texts
from jiaoguan.vehicles.selectors import VehicleSchedule, VehicleView


def _because(explain, basis) -> dict:
    return {"basis": str(basis), "explanation": explain(basis)}


def vehicle_schedule_payload(schedule: VehicleSchedule) -> dict:
    due, scrap, explain = schedule.next_due, schedule.scrap, vehicle_texts.explain
    return {
        "next_due": due.due_on,
        "next_kind": due.kind.value,
        "next_due_reason": {
            **_because(explain, due.basis),
            "exemption_lost_by": [
                {"code": str(code), "explanation": explain(code)} for code in due.exemption_lost_by
            ],
            "needs_manual_review": due.needs_manual_review,
        },
        "window_opens": schedule.window[0],
        "window_closes": schedule.window[1],
        "window_reason": _because(explain, schedule.window_basis),
        "upcoming": [
            {"due_on": d.due_on, "kind": d.kind.value, "basis": str(d.basis)}
            for d in schedule.upcoming
        ],
        "scrap_on": scrap.scrap_on,
        "scrap_notice_on": scrap.notice_on,
        "scrap_last_year_from": scrap.last_year_from,
        "service_life_years": scrap.service_life_years,
        "service_life_counted_from": scrap.counted_from,
        "scrap_reason": {
            **_because(explain, scrap.basis),
            "needs_manual_review": scrap.needs_manual_review,
        },
        "missed_cycles": schedule.missed.count if schedule.missed else 0,
        "missed_cycles_scrap_from": (
            schedule.missed.scrap_required_from if schedule.missed else None
        ),
        "status": schedule.status.overall.value,
        "conditions": [
            {
                "code": entry.condition.value,
                "label": str(vehicle_texts.CONDITION_LABEL[entry.condition]),
                "since": entry.since,
                "until": entry.until,
                **_because(explain, entry.basis),
            }
            for entry in schedule.status.conditions
        ],
    }


def vehicle_payload(view: VehicleView) -> dict:
    vehicle = view.vehicle
    return {
        "plate_number": vehicle.plate_number,
        "plate_type": vehicle.plate_type,
        "plate_type_name": PLATE_TYPES.get(vehicle.plate_type, ""),
        "vin": vehicle.vin,
        "vehicle_type": vehicle.vehicle_type,
        "brand_model": vehicle.brand_model,
        "use_character": vehicle.use_character,
        "use_character_name": vehicle.get_use_character_display(),
        "seats": vehicle.seats,
        "manufactured_on": vehicle.manufactured_on,
        "registered_on": vehicle.registered_on,
        "register_status": vehicle.status,
        "inspection_valid_until": vehicle.inspection_valid_until,
        **vehicle_schedule_payload(view.schedule),
    }


def license_payload(view: LicenseView) -> dict:
    status, explain = view.status, license_texts.explain
    license = view.license
    renewal, cycle, probation = status.renewal, status.cycle, status.probation
    return {
        "number": view.number_masked,
        "holder_name": view.holder_name,
        "archive_number": license.archive_number,
        "classes": [{"code": code, "obtained_on": on} for code, on in view.classes],
        "first_issued_on": license.first_issued_on,
        "valid_from": license.valid_from,
        "validity": license.validity,
        "valid_until": view.valid_until,
        "issuing_authority": license.issuing_authority,
        "register_status": license.status,
        "status": status.overall.value,
        "conditions": [
            {
                "code": condition.value,
                "label": str(license_texts.CONDITION_LABEL[condition]),
                **_because(explain, basis),
            }
            for condition, basis in status.reasons
        ],
        "renewal": {
            "phase": renewal.phase.value,
            "window_opens": renewal.window_opens,
            "window_closes": renewal.window_closes,
            "online_until": renewal.online_until,
            "cancellation_on": renewal.cancellation_on,
            "recovery_until": renewal.recovery_until,
            **_because(explain, renewal.basis),
        },
        "cycle": {
            "starts_on": cycle.starts_on,
            "ends_on": cycle.ends_on,
            "points": status.cycle_points,
            **_because(explain, license_rules.Basis.CYCLE_ANCHORED),
        },
        "probation": {
            "in_probation": probation.in_probation,
            "ends_on": probation.ends_on,
            **_because(explain, probation.basis),
        },
        "medical": None
        if status.medical is None
        else {
            "due_on": status.medical.due_on,
            "cycle_end": status.medical.cycle_end,
            "cancellation_on": status.medical.cancellation_on,
            "grounds": [
                {"code": str(g), "explanation": explain(g)} for g in status.medical.grounds
            ],
        },
        "review": None
        if status.review is None
        else {
            "opens_on": status.review.opens_on,
            "due_on": status.review.due_on,
            "grounds": [{"code": str(g), "explanation": explain(g)} for g in status.review.grounds],
        },
        "age_limit_actions": [
            {
                "license_class": str(action.license_class),
                "action": action.action.value,
                "exchange_options": [str(c) for c in action.exchange_options],
                "applies_from": action.applies_from,
                "exchange_deadline": action.exchange_deadline,
                **_because(explain, action.basis),
            }
            for action in status.age_limit_actions
        ],
    }
