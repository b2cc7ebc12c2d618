"""The shapes of the 业务中心's reference data: a text in both languages, a service guide, a
job and a family."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.zh


@dataclass(frozen=True)
class Guide:
    """How to do a job today: who, when, what to bring, where, and the legal basis."""

    who: Text
    when: Text
    materials: Text
    where: Text
    basis: str


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
