"""One sentence for each basis code of the education rules (Simplified Chinese, translatable);
the drivers codes they reuse are explained by ``drivers.explanations``."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from jiaoguan.drivers import explanations as driver_texts
from jiaoguan.education.rules import reduction_test
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


#: The non-face alternative, always offered (人脸识别办法; DOMAIN §16.4).
ONSITE_ALTERNATIVE = _(
    "不愿或无法进行人脸核验的，可携带身份证件到车管所或交警大队服务窗口参加现场学习"
    "（满 1 小时并考试合格减 2 分），由民警现场登记。"
)
#: For full-score and review study: the counter, where an officer records the hours.
COURSE_ONSITE_ALTERNATIVE = _(
    "不愿或无法进行人脸核验的，可携带身份证件到车管所或交警大队服务窗口参加现场学习，"
    "由民警登记学习时间。"
)
PHOTO_NOT_BASE64 = _("照片格式不正确。")


def refused_text(codes: tuple[str, ...]) -> str:
    reasons = pgettext("list separator", "；").join(explain(code) for code in codes)
    return gettext("不符合学法减分条件：%(reasons)s") % {"reasons": reasons}


#: Translated when shown, in the reader's language (the error may be raised in another).
refused_message = lazy(refused_text, str)


TEST_REFUSALS = {
    reduction_test.AttemptRefusal.STUDY_INCOMPLETE: _("学习时间未满 30 分钟，暂不能参加考试。"),
    reduction_test.AttemptRefusal.DEADLINE_PASSED: _(
        "已超过学习完成后 7 个工作日的考试期限，请重新申请。"
    ),
    reduction_test.AttemptRefusal.ALREADY_PASSED: _("考试已合格。"),
    reduction_test.AttemptRefusal.NO_RETAKES_LEFT: _("补考机会（2 次）已用完，请重新申请。"),
    reduction_test.AttemptRefusal.RETAKE_WINDOW_CLOSED: _(
        "已超过考试不合格后 24 小时的补考期限，请重新申请。"
    ),
}
