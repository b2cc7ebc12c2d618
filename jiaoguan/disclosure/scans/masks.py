"""The masking rules of ``disclosure.rules.masking`` as SQL expressions, built from the same
constants, so a scan masks a million names without one passing through Python."""

from django.db.models import Aggregate, Case, CharField, F, IntegerField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import (
    Cast,
    Concat,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Left,
    Length,
    LPad,
    Right,
    Substr,
    Trim,
)
from django.db.models.lookups import GreaterThan, In, LessThanOrEqual

from jiaoguan.disclosure.rules import masking
from jiaoguan.disclosure.rules.masking import COMPOUND_SURNAMES, MASK_CHARACTER


def literal(text: str) -> Cast:
    """A text constant typed in SQL (PostgreSQL with server-side binding cannot guess the
    type of a bare text parameter inside a function call)."""
    return Cast(Value(text), output_field=CharField())


#: Longer than any masked part (names are at most 50 characters).
_STARS = literal(MASK_CHARACTER * 64)


def _stars(count) -> Combinable:
    return Substr(_STARS, 1, count)


def _text(expression) -> Combinable:
    return Cast(expression, output_field=CharField())


def masked_name(column: str) -> Combinable:
    """``masking.mask_name`` of the text column ``column``."""
    name = Trim(column)
    kept = Case(
        When(LessThanOrEqual(Length(name), 1), then=Value(0)),
        When(
            In(Left(name, 2), sorted(COMPOUND_SURNAMES)) & GreaterThan(Length(name), 2),
            then=Value(2),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Concat(Left(name, kept), _stars(Length(name) - kept), output_field=CharField())


def _masked_middle(column: str, keep_start: int, keep_end: int) -> Combinable:
    value = F(column)
    return Case(
        When(
            GreaterThan(Length(value), keep_start + keep_end),
            then=Concat(
                Left(value, keep_start),
                _stars(Length(value) - keep_start - keep_end),
                Right(value, keep_end),
                output_field=CharField(),
            ),
        ),
        default=_stars(Length(value)),
        output_field=CharField(),
    )


def masked_plate_number(column: str) -> Combinable:
    """``masking.mask_plate_number`` of ``column``."""
    return _masked_middle(column, masking.PLATE_KEPT_START, masking.PLATE_KEPT_END)


def masked_archive_number(column: str) -> Combinable:
    """``masking.mask_archive_number`` of ``column``."""
    return _masked_middle(column, masking.ARCHIVE_KEPT_START, masking.ARCHIVE_KEPT_END)


def months_since(column: str, day) -> Combinable:
    """``rules.months_between(column, day)`` for a date column."""
    months = (Value(day.year) - ExtractYear(column)) * Value(12) + (
        Value(day.month) - ExtractMonth(column)
    )
    months = months - Case(
        When(GreaterThan(ExtractDay(column), day.day), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return Case(
        When(GreaterThan(F(column), day), then=Value(0)),
        default=months,
        output_field=IntegerField(),
    )


def year_month(column: str) -> Combinable:
    """``YYYY-MM`` of a date column."""
    return Concat(
        _text(ExtractYear(column)),
        literal("-"),
        LPad(_text(ExtractMonth(column)), 2, literal("0")),
        output_field=CharField(),
    )


def day_text(column: str) -> Combinable:
    """``YYYY-MM-DD`` of a date column (the same text on SQLite and PostgreSQL)."""
    return Concat(
        year_month(column),
        literal("-"),
        LPad(_text(ExtractDay(column)), 2, literal("0")),
        output_field=CharField(),
    )


def labelled(column: str, labels: dict[str, str]) -> Combinable:
    """The label of a code column (the code itself when it has none)."""
    return Case(
        *(When(**{column: code}, then=literal(label)) for code, label in labels.items()),
        default=F(column),
        output_field=CharField(),
    )


class Joined(Aggregate):
    """The group's values joined by ``,`` (``GROUP_CONCAT`` / ``STRING_AGG``), in no set order."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)
