"""Reads of the electronic credentials: the published keys and the holder's own records."""

from __future__ import annotations

from django.db.models import QuerySet

from jiaoguan.core import clock
from jiaoguan.credentials.models import IssuerKey, Verification


def issuer_keys_published() -> QuerySet[IssuerKey]:
    """The keys whose signatures still verify (newest first): what verifiers fetch."""
    return IssuerKey.objects.filter(not_after__gte=clock.now()).only(
        "key_id", "algorithm", "public_key", "created_at", "signs_until", "not_after"
    )


def verifications_of_person(*, person_id: int, limit: int = 50) -> QuerySet[Verification]:
    """Checks of the person's own credentials, newest first (“谁核验了我的证照”)."""
    return (
        Verification.objects.filter(credential__person_id=person_id)
        .select_related("credential", "credential__vehicle")
        .order_by("-verified_at", "-id")[:limit]
    )
