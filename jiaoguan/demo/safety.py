"""The demo's safety publicity (交通安全宣传): a fog warning for the coming days, an education
article and an accident case, published once by the demo's system job. The warning is aimed at
the demo office's city, so the demo's drivers living there find it in their notices."""

from datetime import timedelta
from typing import Any

from jiaoguan.core import clock
from jiaoguan.education.models import SafetyItem
from jiaoguan.education.publicity import safety_publish
from jiaoguan.identity.actors import system_actor

ITEMS: list[dict[str, Any]] = [
    {
        "kind": SafetyItem.Kind.WARNING,
        "title": "沿江高速团雾预警",
        "summary": "未来三天早晚沿江路段易出现团雾，请减速慢行、开启雾灯。",
        "body": (
            "能见度小于 200 米时，开启雾灯、近光灯、示廓灯和前后位灯，车速不超过每小时 60 公里。\n"
            "能见度小于 50 米时，车速不超过每小时 20 公里，并从最近的出口尽快驶离高速公路。"
        ),
        "days": 3,
        "targeted": True,
    },
    {
        "kind": SafetyItem.Kind.ARTICLE,
        "title": "礼让斑马线，从我做起",
        "summary": "机动车行经人行横道时应当减速行驶；遇行人正在通过时，应当停车让行。",
        "body": (
            "《道路交通安全法》第四十七条：机动车行经人行横道时，应当减速行驶；"
            "遇行人正在通过人行横道，应当停车让行。\n"
            "不礼让行人记 3 分，罚款按各地标准执行。"
        ),
    },
    {
        "kind": SafetyItem.Kind.CASE,
        "title": "事故案例：疲劳驾驶追尾",
        "summary": "连续驾驶超过 4 小时未休息，追尾前车，负全部责任。",
        "body": (
            "驾驶人凌晨连续驾驶 5 小时未休息，在高速公路上追尾正常行驶的货车，造成两车损坏。\n"
            "连续驾驶机动车超过 4 小时，应当停车休息不少于 20 分钟。"
        ),
    },
]


def ensure_demo_safety(*, number: int, region_code: str = "") -> list[str]:
    """Publish the demo items unless some exist (the warning pushed to the drivers of
    ``region_code``); the banner lines."""
    if not SafetyItem.objects.exists():
        actor, today = system_actor("demo"), clock.today()
        for item in ITEMS:
            fields = {
                name: value for name, value in item.items() if name not in ("days", "targeted")
            }
            if item.get("targeted"):
                fields["region_code"] = region_code
            if "days" in item:
                fields.update(starts_on=today, ends_on=today + timedelta(days=item["days"]))
            safety_publish(actor=actor, **fields)
    return [
        f"  {number}. 交通安全宣传 /safety/：安全预警、安全教育和事故案例，无需登录；"
        "民警在后台 /backoffice/safety/ 发布和撤下（教育民警）；填写地区或准驾车型的内容"
        "推送给相关驾驶人（团雾预警已推送到本市驾驶人的 /me/notices/）。"
    ]
