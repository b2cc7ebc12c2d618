"""The 业务中心: the ten service families, their jobs, and a service guide for each job.

Reference data, in Chinese and English side by side (like the notice templates): a job that
exists on the platform links straight to it (``url_name``); one that does not yet links to
its guide, which says how to do it today. When a family's jobs are built, its entries here
change from a guide to the job's URL name.
"""

from jiaoguan.portal.catalogue.guides import COUNTER, GUIDES
from jiaoguan.portal.catalogue.types import Family, Guide, Job, Text

__all__ = [
    "COUNTER",
    "FAMILIES",
    "GUIDES",
    "JOBS",
    "Family",
    "Guide",
    "Job",
    "Text",
    "guide_jobs",
    "search",
]


def _job(key, zh, en, zh_summary, en_summary, url_name=None, guide=None, keywords=""):
    return Job(
        key=key,
        title=Text(zh, en),
        summary=Text(zh_summary, en_summary),
        url_name=url_name,
        guide=GUIDES.get(guide or key) if url_name is None else None,
        keywords=keywords,
    )


FAMILIES = (
    Family(
        "bookings",
        Text("预约", "Bookings"),
        (
            _job(
                "exams",
                "考试预约",
                "Driving tests",
                "按排序时间公平分配",
                "Fair allocation",
                "portal:exams",
                keywords="科目 考场 驾考",
            ),
            _job(
                "inspection-booking",
                "检验预约",
                "Inspection booking",
                "机动车安全技术检验",
                "Safety inspection",
                keywords="年检 验车",
            ),
        ),
    ),
    Family(
        "plates",
        Text("牌证业务", "Plates and papers"),
        (
            _job(
                "plate-selection",
                "新车选号",
                "Choose a plate",
                "随机选号或自编号码",
                "Random or composed",
                "portal:plate_selection",
                keywords="号牌 车牌",
            ),
            _job(
                "plate-requests",
                "号牌业务申请",
                "Plate requests",
                "保留、互换与转移",
                "Keep, swap, transfer",
                "portal:plate_requests",
                keywords="号牌 车牌 保留",
            ),
            _job(
                "inspection-mark",
                "申领检验标志",
                "Inspection mark",
                "检验合格标志与电子凭证",
                "Mark and e-certificate",
                keywords="年检 检验 标志",
            ),
            _job(
                "license-renewal",
                "期满换证",
                "License renewal",
                "有效期满前 90 日内",
                "Within 90 days of expiry",
                keywords="驾驶证 换证",
            ),
            _job(
                "medical-certificate",
                "提交身体条件证明",
                "Medical certificate",
                "70 周岁以上每年提交",
                "Yearly from age 70",
                keywords="体检 驾驶证",
            ),
            _job(
                "license-review",
                "驾驶证审验",
                "License review",
                "记分周期结束后 30 日内",
                "Within 30 days after a cycle",
                keywords="审验",
            ),
            _job(
                "license-replacement",
                "补换领驾驶证",
                "Replace a license",
                "变更、损毁或遗失",
                "Changed, damaged or lost",
                keywords="补证 遗失",
            ),
            _job(
                "license-seizure",
                "驾驶证暂扣、吊销后",
                "After a suspension or revocation",
                "何时领回、何时可重新申请",
                "When to collect it, when to apply again",
                keywords="暂扣 吊销 扣留",
            ),
            _job(
                "license-restoration",
                "恢复驾驶资格",
                "Restore a cancelled license",
                "注销 2 年内考科目一",
                "科目一 within 2 years of cancellation",
                keywords="注销 恢复",
            ),
            _job(
                "temporary-plates",
                "临时号牌",
                "Temporary plates",
                "新车上路前",
                "Before a new car drives",
                keywords="临牌",
            ),
            _job(
                "scrap",
                "报废与注销",
                "Scrapping",
                "达到报废标准的机动车",
                "Vehicles due for scrapping",
                keywords="注销",
            ),
        ),
    ),
    Family(
        "violations",
        Text("违法处理", "Violations"),
        (
            _job(
                "violations",
                "违法处理与缴款",
                "Handle and pay",
                "非现场违法网上处理",
                "Camera records online",
                "portal:violations",
                keywords="罚款 缴款 违章",
            ),
            _job(
                "disputes",
                "违法异议",
                "Objections",
                "对记录提出异议",
                "Object to a record",
                "portal:violations",
                keywords="申诉",
            ),
            _job(
                "authorisations",
                "绑定他人机动车",
                "Other people's cars",
                "车主授权后代为处理",
                "Handle with the owner's consent",
                "portal:authorisations",
                keywords="授权",
            ),
            _job(
                "accident",
                "事故快处",
                "Minor accidents",
                "轻微财产损失事故",
                "Damage-only accidents",
                keywords="事故 快处快赔",
            ),
        ),
    ),
    Family(
        "travel",
        Text("出行信息", "Travel information"),
        (
            _job(
                "travel",
                "路况与施工",
                "Roads and works",
                "出行前查看",
                "Before the trip",
                url_name="portal:travel",
                keywords="路况 天气 施工",
            ),
        ),
    ),
    Family(
        "queries",
        Text("查询", "Queries"),
        (
            _job(
                "my-vehicles",
                "我的机动车",
                "My vehicles",
                "检验、报废日期与状态",
                "Inspection and scrapping",
                "portal:my_vehicles",
                keywords="车辆",
            ),
            _job(
                "my-license",
                "我的驾驶证",
                "My license",
                "有效期、记分与审验",
                "Validity, points, review",
                "portal:my_license",
                keywords="记分 驾照",
            ),
            _job(
                "calculators",
                "日期计算器",
                "Date calculators",
                "检验、换证日期怎么算",
                "How dates are computed",
                "portal:calculators",
                keywords="计算",
            ),
        ),
    ),
    Family(
        "notices",
        Text("告知提示", "Notices"),
        (
            _job(
                "my-notices",
                "我的告知",
                "My notices",
                "提醒与通知",
                "Reminders",
                "portal:my_notices",
                keywords="提醒 通知",
            ),
            _job(
                "notice-preferences",
                "提醒设置",
                "Reminder settings",
                "短信与推送",
                "SMS and push",
                "portal:my_notice_preferences",
            ),
        ),
    ),
    Family(
        "disclosure",
        Text("信息公开", "Disclosure"),
        (
            _job(
                "public-lists",
                "公告与公示",
                "Announcements and publications",
                "作废公告、逾期未检验、考试计划，可下载开放数据",
                "Void documents, overdue inspections, exam plans; open data",
                "portal:disclosure",
                keywords="公告 公示 开放数据 作废",
            ),
            _job(
                "pass-rates",
                "驾校考试合格率",
                "Driving-school pass rates",
                "按驾校、月份和科目",
                "By school, month and subject",
                "portal:disclosure_pass_rates",
                keywords="驾校 合格率 统计",
            ),
            _job(
                "exam-results",
                "考试预约结果公示",
                "Exam allocation results",
                "随机种子与复算",
                "Seed and verification",
                "portal:exams",
                keywords="公示",
            ),
            _job(
                "plate-segments",
                "号段公布",
                "Plate segments",
                "可选号码与选用情况",
                "Numbers on offer",
                "portal:plate_segments",
                keywords="号牌",
            ),
        ),
    ),
    Family(
        "enterprises",
        Text("重点企业", "Key entities"),
        (
            _job(
                "enterprises",
                "重点企业服务",
                "Key entity services",
                "客运、危货、校车",
                "Coaches, dangerous goods, school buses",
                keywords="单位 企业",
            ),
        ),
    ),
    Family(
        "education",
        Text("学习教育", "Education"),
        (
            _job(
                "points-study",
                "学法减分",
                "Points reduction study",
                "每周期最多减 6 分",
                "Up to 6 points a cycle",
                url_name="portal:education",
                keywords="减分 学习",
            ),
            _job(
                "full-score-study",
                "满分学习",
                "Full-score study",
                "记满 12 分后",
                "After 12 points",
                keywords="满分 12分",
            ),
        ),
    ),
    Family(
        "guides",
        Text("办事指南", "Service guides"),
        (
            _job(
                "guides",
                "全部办事指南",
                "All service guides",
                "怎么办、带什么、去哪办",
                "How, what, where",
                "portal:guides",
                keywords="指南",
            ),
        ),
    ),
)

JOBS = {job.key: job for family in FAMILIES for job in family.jobs}


def guide_jobs() -> list[Job]:
    """The jobs that have a guide page (those not yet on the platform)."""
    return [job for job in JOBS.values() if job.guide is not None]


def search(query: str, language: str) -> list[Job]:
    """Jobs and guides whose title, summary or keywords contain every word of ``query``."""
    words = [word.lower() for word in query.split() if word]
    if not words:
        return []
    found = []
    for job in JOBS.values():
        text = " ".join(
            (job.title.zh, job.title.en, job.summary.zh, job.summary.en, job.keywords)
        ).lower()
        if job.guide is not None:
            text += " " + job.guide.materials.get(language).lower()
        if all(word in text for word in words):
            found.append(job)
    return found
