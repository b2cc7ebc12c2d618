"""The shapes of the 业务中心's reference data: a text in both languages, a service guide, a
job and a family."""

from __future__ import annotations

from dataclasses import dataclass, field

from jiaoguan.guides.reference import Guide, Text

__all__ = ["Family", "Guide", "Job", "Text"]


@dataclass(frozen=True)
class Job:
    key: str
    title: Text
    summary: Text
    url_name: str | None = None  # the job on the platform; None: its guide only
    guide: Guide | None = None
    keywords: str = ""  # extra words the search matches


@dataclass(frozen=True)
class Family:
    key: str
    title: Text
    jobs: tuple[Job, ...] = field(default_factory=tuple)
