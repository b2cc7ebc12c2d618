"""Template filters that turn the rules' codes into the user's language."""

from django import template

from jiaoguan.audit.purposes import purpose_label
from jiaoguan.drivers import explanations as license_texts
from jiaoguan.vehicles import explanations as vehicle_texts

register = template.Library()


@register.filter
def vehicle_reason(code) -> str:
    return vehicle_texts.explain(code)


@register.filter
def vehicle_label(condition) -> str:
    return str(vehicle_texts.CONDITION_LABEL[condition])


@register.filter
def vehicle_tone(condition) -> str:
    return vehicle_texts.condition_tone(condition)


@register.filter
def license_reason(code) -> str:
    return license_texts.explain(code)


@register.filter
def license_label(condition) -> str:
    return str(license_texts.CONDITION_LABEL[condition])


@register.filter
def license_tone(condition) -> str:
    return license_texts.condition_tone(condition)


@register.filter
def read_purpose(stored) -> str:
    return purpose_label(stored)
