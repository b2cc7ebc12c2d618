"""The service guides' texts now live with the guides domain (``guides.reference``)."""

from jiaoguan.guides.reference import COUNTER, GUIDES

__all__ = ["COUNTER", "GUIDES"]
