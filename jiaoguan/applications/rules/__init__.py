"""Case workflows as pure data: the table machinery (``workflow``) and every table, by
kind. A table is validated when its module is imported."""

from jiaoguan.applications.rules import accidents, education, papers, plate_requests, reduction
from jiaoguan.applications.rules.workflow import (
    APPLICANT,
    CO_APPLICANT,
    PARTIES,
    Action,
    Refusal,
    Stage,
    Table,
    TableError,
    TransitionRefused,
    stage_deadline,
    table_check,
    transition_check,
)


def _by_kind(*tables: Table) -> dict[str, Table]:
    found: dict[str, Table] = {}
    for table in tables:
        if table.kind in found:
            raise TableError(f"two tables for kind {table.kind!r}")
        found[table.kind] = table
    return found


#: Every workflow, by case kind.
TABLES: dict[str, Table] = _by_kind(
    *plate_requests.TABLES,
    *accidents.TABLES,
    *papers.TABLES,
    *education.TABLES,
    *reduction.TABLES,
)


def table_for(kind: str) -> Table:
    try:
        return TABLES[kind]
    except KeyError:
        raise TableError(f"no workflow for case kind {kind!r}") from None


__all__ = [
    "APPLICANT",
    "CO_APPLICANT",
    "PARTIES",
    "TABLES",
    "Action",
    "Refusal",
    "Stage",
    "Table",
    "TableError",
    "TransitionRefused",
    "stage_deadline",
    "table_check",
    "table_for",
    "transition_check",
]
