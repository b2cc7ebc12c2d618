"""The notice kinds of driving licenses and points (ADR 0010): renewal, medical
certificate, review, probation, seizure and cancellation (the notices app's license scans)
and the points reminder and full score (its ``PointsChanged`` subscriber).
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="renewal_due",
        name="驾驶证换证提醒",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="驾驶证期满换证提醒",
            reason="您的驾驶证（{date}起）有效期即将届满，已进入换证期。",
            action="请在有效期届满前90日内提交身体条件证明，申请换证。",
        ),
        english=NoticeWords(
            title="Driving license renewal",
            reason=(
                "Your driving license (valid from {date}) expires soon; the renewal window is open."
            ),
            action="Submit a medical certificate and apply for renewal before it expires.",
        ),
        link="/guides/license-renewal/",
        position=5,
    ),
    NoticeKindDeclaration(
        code="renewal_overdue",
        name="驾驶证逾期未换证",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="驾驶证已超过有效期",
            reason="您的驾驶证（{date}起）已超过有效期，不得驾驶机动车。",
            action="请尽快换证；超过有效期一年以上未换证的，驾驶证将被注销。",
        ),
        english=NoticeWords(
            title="Driving license expired",
            reason="Your driving license (valid from {date}) has expired; you may not drive.",
            action="Renew it soon: a license more than a year overdue is cancelled.",
        ),
        link="/guides/license-renewal/",
        position=6,
    ),
    NoticeKindDeclaration(
        code="medical_due",
        name="身体条件证明提交提醒",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="请提交身体条件证明",
            reason="您的记分周期（{date}起）已结束，须在周期结束后30日内提交身体条件证明。",
            action=(
                "请到医疗机构体检，并在本平台或车管所提交身体条件证明；逾期一年未提"
                "交的，驾驶证将被注销。"
            ),
        ),
        english=NoticeWords(
            title="Medical certificate due",
            reason=(
                "Your scoring cycle (from {date}) has ended; submit a medical "
                "certificate within 30 days of its end."
            ),
            action=(
                "Have a check-up and submit the certificate here or at a vehicle "
                "office; a year late, the license is cancelled."
            ),
        ),
        link="/guides/medical-certificate/",
        position=7,
    ),
    NoticeKindDeclaration(
        code="review_due",
        name="审验提醒",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="驾驶证审验提醒",
            reason="您上一记分周期（{date}起）有记分记录，须参加驾驶证审验。",
            action="请在记分周期结束后30日内参加审验，并完成不少于3小时的学习。",
        ),
        english=NoticeWords(
            title="Driving license review due",
            reason=(
                "You had points in your last scoring cycle (from {date}), so your "
                "license must be reviewed."
            ),
            action=(
                "Attend the review within 30 days after the cycle ended, with at "
                "least 3 hours of study."
            ),
        ),
        link="/guides/license-review/",
        position=8,
    ),
    NoticeKindDeclaration(
        code="probation_points",
        name="实习期记分提醒",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="实习期记分提醒",
            reason="您在实习期内（{date}起）已记{amount}分。",
            action="实习期内记满12分的，实习的准驾车型将被注销。请安全驾驶。",
        ),
        english=NoticeWords(
            title="Points during probation",
            reason="You have {amount} points during your probation (from {date}).",
            action=(
                "Reaching 12 points in probation cancels the probationary class. Drive safely."
            ),
        ),
        link="/guides/points-study/",
        position=9,
    ),
    NoticeKindDeclaration(
        code="license_seized",
        name="驾驶证暂扣或吊销",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="驾驶证暂扣或吊销告知",
            reason="您的驾驶证已被暂扣或吊销，不得驾驶机动车。",
            action="请按处罚决定书的要求办理，详情可到车管所或在本平台查询。",
        ),
        english=NoticeWords(
            title="Driving license seized or revoked",
            reason="Your driving license has been seized or revoked; you may not drive.",
            action=(
                "Follow the penalty decision; details are at the vehicle office or "
                "on this platform."
            ),
        ),
        link="/guides/license-seizure/",
        position=10,
    ),
    NoticeKindDeclaration(
        code="license_cancelled",
        name="驾驶证注销",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="驾驶证注销告知",
            reason="您的驾驶证已被注销。",
            action="如符合条件，可通过考试恢复驾驶资格，请向车管所咨询。",
        ),
        english=NoticeWords(
            title="Driving license cancelled",
            reason="Your driving license has been cancelled.",
            action="If eligible, you may restore it by passing an exam; ask the vehicle office.",
        ),
        link="/guides/license-restoration/",
        position=11,
    ),
    NoticeKindDeclaration(
        code="points_reminder",
        name="记分提醒",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="记分提醒",
            reason="您本记分周期（{date}起）已累积记{amount}分。",
            action="累积记满12分的，驾驶证将被扣留并须参加满分学习。可参加学法减分。",
        ),
        english=NoticeWords(
            title="Points reminder",
            reason="You have {amount} points in the current scoring cycle (from {date}).",
            action=(
                "At 12 points the license is seized and full-score study is "
                "required; study can reduce points."
            ),
        ),
        link="/guides/points-study/",
        position=12,
    ),
    NoticeKindDeclaration(
        code="points_full_score",
        name="满分告知",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="记满12分告知",
            reason="您本记分周期（{date}起）已累积记{amount}分，达到满分。",
            action="请停止驾驶，到车管所交验驾驶证并参加满分教育学习和考试。",
        ),
        english=NoticeWords(
            title="Full score (12 points)",
            reason=(
                "You have {amount} points in the current scoring cycle (from {date}): a full score."
            ),
            action=(
                "Stop driving, hand in your license and attend the full-score education and exam."
            ),
        ),
        link="/guides/full-score-study/",
        position=13,
    ),
    NoticeKindDeclaration(
        code="review_due_accident",
        name="事故审验提醒",
        subject=NoticeSubject.LICENSE,
        chinese=NoticeWords(
            title="驾驶证审验提醒",
            reason="您在上一记分周期（{date}起）内发生负有责任的伤亡事故，须参加驾驶证审验。",
            action=(
                "请在记分周期结束后30日内参加审验；70周岁以上的，还须参加记忆力、判"
                "断力、反应力测试。"
            ),
        ),
        english=NoticeWords(
            title="Driving license review due",
            reason=(
                "You bore responsibility for an accident with injury or death in "
                "your last scoring cycle (from {date}), so your license must be "
                "reviewed."
            ),
            action=(
                "Attend the review within 30 days after the cycle ended; drivers "
                "of 70 or over also take memory, judgement and reaction tests."
            ),
        ),
        link="/guides/license-review/",
        position=16,
    ),
]
