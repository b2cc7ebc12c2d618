"""The officer roles: reference data, one Django group each (docs/roles.md).

The table below is the one place a role's permissions are written; ``roles_load`` makes the
groups match it (run after every ``migrate``, and by the demo), and the permission matrix
test checks every back-office page and officer service against it. Each permission is
declared by its own app (a model's ``Meta.permissions`` or Django's default ``view_``,
``add_``, ``change_`` permissions). A permission of an app that is not installed is skipped,
so a role can name the permissions of a family before it lands.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    key: str
    name: str  # the group's name, shown to operators
    permissions: frozenset[str]
    allows: str  # what the role does, for docs/roles.md


LOOKUPS = frozenset(
    {"identity.view_person", "vehicles.view_vehicle", "drivers.view_drivinglicense"}
)
VIOLATIONS_READ = frozenset({"violations.view_violationrecord", "violations.view_dispute"})
EXAMS_READ = frozenset({"exams.view_bookingwindow"})
PLATES_READ = frozenset(
    {
        "plates.view_numbersegment",
        "plates.view_platehold",
        "plates.view_temporaryplate",
        "plates.view_platerequest",
    }
)
PAYMENTS_READ = frozenset({"payments.view_paymentorder"})
NOTICES_READ = frozenset({"notices.view_scanrun"})
TRAVEL_READ = frozenset({"travel.view_roadevent"})
HOTLINE_READ = frozenset({"hotline.view_contact"})
GUIDES_READ = frozenset({"guides.view_guide", "guides.view_question"})
APPLICATIONS_READ = frozenset({"applications.view_case"})  # the work queue of cases
#: The register records behind four announcement lists (classes cancelled, school-bus
#: qualifications cancelled, vehicles scrapped by force).
ANNOUNCED_RECORDS_READ = frozenset(
    {
        "drivers.view_classcancellation",
        "drivers.view_schoolbusqualification",
        "vehicles.view_forcedscrapping",
    }
)
PLATE_REQUESTS = APPLICATIONS_READ | frozenset(
    {"plates.view_platerequest", "plates.change_platerequest", "plates.add_spousetransfer"}
)

_ROLES = (
    Role(
        "violations_reviewer",
        "违法审核员",
        LOOKUPS | {"violations.view_violationrecord", "violations.review_violationrecord"},
        "审核交通技术监控记录（确认录入或删除），查看证据图片；查询人员、车辆、驾驶证",
    ),
    Role(
        "disputes_officer",
        "异议审核员",
        LOOKUPS | VIOLATIONS_READ | {"violations.decide_dispute"},
        "审核违法异议（成立或不成立），查看证据图片；查询人员、车辆、驾驶证",
    ),
    Role(
        "exam_planner",
        "考试计划员",
        EXAMS_READ | {"exams.plan_exams"},
        "发布考试计划，新建、开启、截止预约批次并分配，查看公平性报告",
    ),
    Role(
        "plates_officer",
        "号牌民警",
        LOOKUPS
        | PLATES_READ
        | PLATE_REQUESTS
        | {
            "plates.add_numbersegment",
            "plates.add_batch",
            "plates.change_batch",
            "plates.add_newvehicle",
            "plates.add_platehold",
            "plates.change_platehold",
            "plates.add_plateswap",
            "plates.add_temporaryplate",
        },
        "发布号段、开闭批次，保留和登记号码，核发临时号牌，窗口互换号牌和夫妻间转移，审核号牌业务申请",
    ),
    Role(
        "applications_reviewer",
        "业务审核员",
        LOOKUPS | PLATE_REQUESTS | {"applications.review_case"},
        "审核网上业务申请（号牌业务申请：查看材料、办结或不予办理）",
    ),
    Role(
        "applications_producer",
        "制证员",
        APPLICATIONS_READ | {"applications.produce_case"},
        "制作已审核通过业务的证件、号牌",
    ),
    Role(
        "applications_dispatcher",
        "寄递员",
        APPLICATIONS_READ | {"applications.dispatch_case", "papers.dispatch_shipment"},
        "寄递制作完成的证件、号牌（交寄快递、打印运单）",
    ),
    Role(
        "accidents_officer",
        "事故处理民警",
        APPLICATIONS_READ | {"accidents.determine_accident"},
        "对当事人申请在线定责的轻微事故作出事故认定",
    ),
    Role(
        "insurers_operator",
        "保险对接管理员",
        frozenset(
            {
                "accidents.view_insurer",
                "accidents.add_insurer",
                "accidents.change_insurer",
                "accidents.view_claim",
            }
        ),
        "维护事故快处报案的保险公司（在线报案与否、报案渠道、理赔接口地址），查看各保险公司的报案情况",
    ),
    Role(
        "education_officer",
        "教育民警",
        LOOKUPS
        | APPLICATIONS_READ
        | {
            "education.record_onsite_study",
            "education.record_full_score_exam",
            "education.review_education",
            "education.revoke_study",
            "education.record_welfare",
            "education.revoke_reduction",
            "education.publish_safety",
        },
        "登记满分学习和审验教育的现场学习、满分学习考试成绩，审核审验教育，撤销弄虚作假的学习记录；"
        "登记交通安全公益活动减分，撤销弄虚作假取得的减分；发布交通安全宣传",
    ),
    Role(
        "payments_auditor",
        "支付稽核员",
        PAYMENTS_READ | {"payments.reconcile_payments"},
        "查看缴款订单、支付通知、退款，运行每日对账",
    ),
    Role(
        "notices_operator",
        "告知运维员",
        NOTICES_READ | {"notices.run_scan"},
        "查看告知扫描记录和送达统计，运行当日扫描",
    ),
    Role(
        "hotline_operator",
        "短信语音运维员",
        HOTLINE_READ | {"hotline.add_wordingversion"},
        "查看短信与语音服务统计，发布短信指令词和语音提示的新版本",
    ),
    Role(
        "travel_officer",
        "路况信息员",
        TRAVEL_READ | {"travel.publish_roadevent"},
        "起草、发布、更新和撤销辖区内的路况事件（封闭、施工、事故、拥堵、恶劣天气、事故多发路段）",
    ),
    Role(
        "disclosure_officer",
        "信息公开员",
        ANNOUNCED_RECORDS_READ | {"disclosure.publish_lists"},
        "运行信息公开：按名单重新生成公开信息和开放数据；认定或取消认定具有社会影响的处罚决定；"
        "查看准驾车型注销、校车驾驶资格注销和强制报废的登记记录",
    ),
    Role(
        "registration_officer",
        "车驾管登记民警",
        LOOKUPS
        | ANNOUNCED_RECORDS_READ
        | {"drivers.change_schoolbusqualification", "vehicles.add_forcedscrapping"},
        "注销校车驾驶资格、登记收回签注的驾驶证，登记强制报废的机动车；查看准驾车型注销记录；"
        "查询人员、车辆、驾驶证",
    ),
    Role(
        "guides_officer",
        "办事指南管理员",
        GUIDES_READ | {"guides.publish_guide", "guides.answer_question"},
        "编辑并发布办事指南（每次发布生成新版本）、服务网点和各网点的四张清单，答复并公开群众咨询",
    ),
    Role(
        "organisations_officer",
        "单位用户管理员",
        frozenset(
            {
                "organisations.open_account",
                "organisations.view_account",
                "papers.designate_hospital",
            }
        ),
        "窗口开设单位用户账户（核验统一社会信用代码），设置单位的首位管理员；"
        "登记省级指定的C5体检医疗机构",
    ),
    Role(
        "inspections_officer",
        "检验监管员",
        frozenset({"inspections.approve_station", "inspections.change_inspectionresult"}),
        "审核机动车检验机构（核准后开放预约），核查检验时里程表读数低于此前记录的车辆",
    ),
    Role(
        "supervisor",
        "督察员",
        LOOKUPS
        | VIOLATIONS_READ
        | EXAMS_READ
        | PLATES_READ
        | PAYMENTS_READ
        | NOTICES_READ
        | APPLICATIONS_READ
        | TRAVEL_READ
        | HOTLINE_READ
        | GUIDES_READ
        | ANNOUNCED_RECORDS_READ
        | {"violations.revoke_penaltydecision"},
        "查看辖区内各业务的队列和记录（不办理），撤销错误的处罚决定",
    ),
)

#: Every role, the administrator holding every permission of the others.
ROLES: dict[str, Role] = {role.key: role for role in _ROLES}
ROLES["administrator"] = Role(
    "administrator",
    "系统管理员",
    frozenset().union(*(role.permissions for role in _ROLES)),
    "以上全部",
)


def roles_load(*, using: str = "default") -> list[str]:
    """Make one group per role hold exactly the role's permissions (creating what is
    missing); returns the permissions skipped because their app is not installed.

    Idempotent; run after every ``migrate`` (``IdentityConfig``) and by the demo. Raises
    ``LookupError`` for a permission an installed app does not declare: the table has a typo.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    installed = {config.label for config in apps.get_app_configs()}
    skipped: list[str] = []
    for role in ROLES.values():
        wanted = []
        for label in sorted(role.permissions):
            app_label, codename = label.split(".")
            if app_label not in installed:
                skipped.append(label)
                continue
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is None:
                raise LookupError(f"role {role.key}: no permission {label}")
            wanted.append(permission)
        group, _ = Group.objects.using(using).get_or_create(name=role.name)
        group.permissions.set(wanted)
    return sorted(set(skipped))
