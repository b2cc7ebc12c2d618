"""One sentence for each basis code of the education rules (Simplified Chinese, translatable);
the drivers codes they reuse are explained by ``drivers.explanations``."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiaoguan.drivers import explanations as driver_texts
from jiaoguan.education.rules.full_score import FullScoreBasis

BASIS_TEXT: Mapping[str, Promise] = MappingProxyType(
    {
        FullScoreBasis.ATTENDANCE: _(
            "《道路交通安全违法行为记分管理办法》第十九条：现场学习、网络学习合计不少于五天，"
            "其中现场学习不少于二天，其余为自主学习。"
        ),
        FullScoreBasis.ATTENDANCE_LARGE: _(
            "《道路交通安全违法行为记分管理办法》第十九条：大中型客货车驾驶人现场学习、"
            "网络学习合计不少于十天，其中现场学习不少于五天。"
        ),
        FullScoreBasis.DAY_COUNTS: _(
            "《道路交通安全违法行为记分管理办法》第十九条：现场学习连续三小时以上或网络学习累计三小时以上"
            "计为一天，同一天现场和网络学习不累加。"
        ),
        FullScoreBasis.EXTRA_SUBJECT3: _(
            "《道路交通安全违法行为记分管理办法》第二十二条：一个记分周期内第二次满分或累积记分"
            "达到24分以上不满36分的，还应参加道路驾驶技能考试（科目三）。"
        ),
        FullScoreBasis.EXTRA_SUBJECT2_AND_3: _(
            "《道路交通安全违法行为记分管理办法》第二十二条：一个记分周期内第三次以上满分或累积记分"
            "达到36分以上的，还应参加场地驾驶技能和道路驾驶技能考试（科目二、科目三）。"
        ),
    }
)


def explain(code: str) -> str:
    text = BASIS_TEXT.get(code)
    return str(text) if text is not None else driver_texts.explain(code)
