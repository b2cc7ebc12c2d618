"""The notice kinds and templates shipped as reference data (loaded by a data migration,
edited by officers in the admin afterwards)."""

# code, Chinese name, subject, sms, push, (zh title, reason, action), (en ...), link
KINDS = [
    (
        "inspection_due",
        "机动车检验提醒",
        "vehicle",
        True,
        True,
        (
            "机动车检验提醒",
            "您的机动车{subject}检验有效期至{date}，现在可以申领检验合格标志。",
            "请在有效期届满前预约检验或申领检验标志。",
        ),
        (
            "Vehicle inspection reminder",
            "The inspection of your vehicle {subject} is valid until {date}; you may now apply "
            "for the inspection mark.",
            "Book the inspection or apply for the mark before it expires.",
        ),
        "/guides/inspection-mark/",
    ),
    (
        "inspection_overdue",
        "机动车检验逾期",
        "vehicle",
        True,
        True,
        (
            "机动车检验已逾期",
            "您的机动车{subject}检验有效期已于{date}届满，上路行驶可能被处罚。",
            "请尽快检验；连续三个检验周期未取得检验标志的，将强制报废。",
        ),
        (
            "Vehicle inspection overdue",
            "The inspection of your vehicle {subject} expired on {date}; driving it may be "
            "penalised.",
            "Have it inspected soon: three missed inspection cycles mean mandatory scrapping.",
        ),
        "/guides/inspection-mark/",
    ),
    (
        "scrap_near",
        "临近报废年限",
        "vehicle",
        False,
        True,
        (
            "机动车临近报废年限",
            "您的机动车{subject}（{date}登记）距使用年限届满已不足一年。",
            "使用年限届满前一年内不得变更使用性质、转移登记或转出。",
        ),
        (
            "Vehicle near its service life",
            "Your vehicle {subject} (registered {date}) has less than a year of service life left.",
            "In its last year it may not change use, owner or registration area.",
        ),
        "/guides/scrap/",
    ),
    (
        "scrap_notice",
        "报废告知",
        "vehicle",
        True,
        True,
        (
            "机动车报废告知",
            "您的机动车{subject}（{date}登记）将在两个月内达到使用年限。",
            "请在达到使用年限前办理报废和注销登记。",
        ),
        (
            "Scrapping notice",
            "Your vehicle {subject} (registered {date}) reaches its service life within two "
            "months.",
            "Scrap and deregister it before its service life ends.",
        ),
        "/guides/scrap/",
    ),
    (
        "scrap_due",
        "已达报废年限",
        "vehicle",
        True,
        True,
        (
            "机动车已达报废年限",
            "您的机动车{subject}（{date}登记）已达到使用年限，不得上路行驶。",
            "请立即交报废机动车回收企业回收并办理注销登记。",
        ),
        (
            "Vehicle due for scrapping",
            "Your vehicle {subject} (registered {date}) has reached its service life and may "
            "not be driven.",
            "Hand it to a scrap-recycling company and deregister it now.",
        ),
        "/guides/scrap/",
    ),
    (
        "renewal_due",
        "驾驶证换证提醒",
        "license",
        True,
        True,
        (
            "驾驶证期满换证提醒",
            "您的驾驶证（{date}起）有效期即将届满，已进入换证期。",
            "请在有效期届满前90日内提交身体条件证明，申请换证。",
        ),
        (
            "Driving license renewal",
            "Your driving license (valid from {date}) expires soon; the renewal window is open.",
            "Submit a medical certificate and apply for renewal before it expires.",
        ),
        "/guides/license-renewal/",
    ),
    (
        "renewal_overdue",
        "驾驶证逾期未换证",
        "license",
        True,
        True,
        (
            "驾驶证已超过有效期",
            "您的驾驶证（{date}起）已超过有效期，不得驾驶机动车。",
            "请尽快换证；超过有效期一年以上未换证的，驾驶证将被注销。",
        ),
        (
            "Driving license expired",
            "Your driving license (valid from {date}) has expired; you may not drive.",
            "Renew it soon: a license more than a year overdue is cancelled.",
        ),
        "/guides/license-renewal/",
    ),
    (
        "medical_due",
        "身体条件证明提交提醒",
        "license",
        True,
        True,
        (
            "请提交身体条件证明",
            "您的记分周期（{date}起）已结束，须在周期结束后30日内提交身体条件证明。",
            "请到医疗机构体检，并在本平台或车管所提交身体条件证明；逾期一年未提交的，驾驶证将被注销。",
        ),
        (
            "Medical certificate due",
            "Your scoring cycle (from {date}) has ended; submit a medical certificate within "
            "30 days of its end.",
            "Have a check-up and submit the certificate here or at a vehicle office; a year "
            "late, the license is cancelled.",
        ),
        "/guides/medical-certificate/",
    ),
    (
        "review_due",
        "审验提醒",
        "license",
        True,
        True,
        (
            "驾驶证审验提醒",
            "您上一记分周期（{date}起）有记分记录，须参加驾驶证审验。",
            "请在记分周期结束后30日内参加审验，并完成不少于3小时的学习。",
        ),
        (
            "Driving license review due",
            "You had points in your last scoring cycle (from {date}), so your license must be "
            "reviewed.",
            "Attend the review within 30 days after the cycle ended, with at least 3 hours of "
            "study.",
        ),
        "/guides/license-review/",
    ),
    (
        "probation_points",
        "实习期记分提醒",
        "license",
        True,
        True,
        (
            "实习期记分提醒",
            "您在实习期内（{date}起）已记{amount}分。",
            "实习期内记满12分的，实习的准驾车型将被注销。请安全驾驶。",
        ),
        (
            "Points during probation",
            "You have {amount} points during your probation (from {date}).",
            "Reaching 12 points in probation cancels the probationary class. Drive safely.",
        ),
        "/guides/points-study/",
    ),
    (
        "license_seized",
        "驾驶证暂扣或吊销",
        "license",
        True,
        True,
        (
            "驾驶证暂扣或吊销告知",
            "您的驾驶证已被暂扣或吊销，不得驾驶机动车。",
            "请按处罚决定书的要求办理，详情可到车管所或在本平台查询。",
        ),
        (
            "Driving license seized or revoked",
            "Your driving license has been seized or revoked; you may not drive.",
            "Follow the penalty decision; details are at the vehicle office or on this platform.",
        ),
        "/me/license/",
    ),
    (
        "license_cancelled",
        "驾驶证注销",
        "license",
        True,
        True,
        (
            "驾驶证注销告知",
            "您的驾驶证已被注销。",
            "如符合条件，可通过考试恢复驾驶资格，请向车管所咨询。",
        ),
        (
            "Driving license cancelled",
            "Your driving license has been cancelled.",
            "If eligible, you may restore it by passing an exam; ask the vehicle office.",
        ),
        "/me/license/",
    ),
    (
        "points_reminder",
        "记分提醒",
        "license",
        True,
        True,
        (
            "记分提醒",
            "您本记分周期（{date}起）已累积记{amount}分。",
            "累积记满12分的，驾驶证将被扣留并须参加满分学习。可参加学法减分。",
        ),
        (
            "Points reminder",
            "You have {amount} points in the current scoring cycle (from {date}).",
            "At 12 points the license is seized and full-score study is required; study can "
            "reduce points.",
        ),
        "/guides/points-study/",
    ),
    (
        "points_full_score",
        "满分告知",
        "license",
        True,
        True,
        (
            "记满12分告知",
            "您本记分周期（{date}起）已累积记{amount}分，达到满分。",
            "请停止驾驶，到车管所交验驾驶证并参加满分教育学习和考试。",
        ),
        (
            "Full score (12 points)",
            "You have {amount} points in the current scoring cycle (from {date}): a full score.",
            "Stop driving, hand in your license and attend the full-score education and exam.",
        ),
        "/guides/full-score-study/",
    ),
    (
        "violation_recorded",
        "交通违法告知",
        "violation",
        True,
        True,
        (
            "交通违法告知",
            "您的机动车{subject}于{date}有一条交通技术监控记录，已录入系统，尚未处理。",
            "请自录入之日起30日内在本平台或任一公安交管部门处理；不能按期处理的，可申请延期。",
        ),
        (
            "Traffic violation recorded",
            "A traffic camera recorded your vehicle {subject} on {date}; the record has been "
            "entered and is not yet handled.",
            "Handle it on this platform or at any traffic police office within 30 days of entry; "
            "if you cannot, you may ask for a delay.",
        ),
        "/me/violations/",
    ),
    (
        "dispute_upheld",
        "异议成立告知",
        "violation",
        True,
        True,
        (
            "违法异议审核结果：异议成立",
            "您对机动车{subject}交通技术监控记录提出的异议，经违法地公安机关交通管理部门"
            "于{date}审核，异议成立，该记录已删除。",
            "无需再处理该记录。",
        ),
        (
            "Objection upheld",
            "Your objection to the camera record of vehicle {subject} was reviewed on {date} "
            "and upheld; the record has been deleted.",
            "Nothing more to do for this record.",
        ),
        "/me/violations/",
    ),
    (
        "dispute_rejected",
        "异议不成立告知",
        "violation",
        True,
        True,
        (
            "违法异议审核结果：异议不成立",
            "您对机动车{subject}交通技术监控记录提出的异议，经违法地公安机关交通管理部门"
            "于{date}审核，异议不成立。",
            "请查看审核意见并处理该记录；同一记录不能再次提出异议。",
        ),
        (
            "Objection rejected",
            "Your objection to the camera record of vehicle {subject} was reviewed on {date} "
            "and rejected.",
            "Read the answer and handle the record; the same record cannot be objected to again.",
        ),
        "/me/violations/{id}/",
    ),
    (
        "scrap_uninspected",
        "逾期未检验报废",
        "vehicle",
        True,
        True,
        (
            "机动车逾期未检验强制报废告知",
            "您的机动车{subject}检验有效期于{date}届满后，连续三个检验周期未取得检验合格标志，"
            "已达到强制报废条件。",
            "该车不得上路行驶；请交报废机动车回收企业回收并办理注销登记。",
        ),
        (
            "Vehicle due for scrapping: inspections missed",
            "The inspection of your vehicle {subject} expired on {date} and three inspection "
            "cycles have passed without an inspection mark: it must be scrapped.",
            "It may not be driven; hand it to a scrap-recycling company and deregister it.",
        ),
        "/guides/scrap/",
    ),
    (
        "review_due_accident",
        "事故审验提醒",
        "license",
        True,
        True,
        (
            "驾驶证审验提醒",
            "您在上一记分周期（{date}起）内发生负有责任的伤亡事故，须参加驾驶证审验。",
            "请在记分周期结束后30日内参加审验；70周岁以上的，还须参加记忆力、判断力、反应力测试。",
        ),
        (
            "Driving license review due",
            "You bore responsibility for an accident with injury or death in your last scoring "
            "cycle (from {date}), so your license must be reviewed.",
            "Attend the review within 30 days after the cycle ended; drivers of 70 or over also "
            "take memory, judgement and reaction tests.",
        ),
        "/guides/license-review/",
    ),
]


def load(NoticeKind, NoticeTemplate) -> None:
    """Create the kinds and templates that do not exist yet (a rerun changes nothing)."""
    for position, (code, name, subject, sms, push, zh, en, link) in enumerate(KINDS):
        kind, _ = NoticeKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "subject": subject,
                "sms": sms,
                "push": push,
                "position": position,
            },
        )
        for language, (title, reason, action) in (("zh-hans", zh), ("en", en)):
            NoticeTemplate.objects.get_or_create(
                kind=kind,
                language=language,
                defaults={"title": title, "reason": reason, "action": action, "link": link},
            )
