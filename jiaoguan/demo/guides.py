"""The demo's service points (服务网点) in the demo capital, Nanjing: the vehicle office and its
branches, a service station, a post office, hospitals, an inspection station, a dealer and
a bank, each with its hours and the businesses it offers; an answered question.

Idempotent: nothing is added once the demo's points exist. Outside Nanjing's region the
points keep Nanjing's coordinates but take the demo office's region code."""

from jiaoguan.core import clock
from jiaoguan.guides import services
from jiaoguan.guides.models import Guide, Question, ServicePoint
from jiaoguan.identity.actors import system_actor

WEEKDAYS = "周一至周五 9:00-12:00、13:30-17:00"
LONG_DAYS = "周一至周日 8:30-17:30（节假日除外）"

#: name, kind, district, address, longitude, latitude, hours, phone, businesses
POINTS = (
    ("南京市公安局交通管理局车辆管理所", "office", "320114", "雨花台区宁双路9号",
     "118.7825", "31.9920", WEEKDAYS, "025-84420114",
     ("license-renewal", "license-replacement", "license-review", "license-seizure",
      "license-restoration", "inspection-mark", "temporary-plates", "scrap", "medical-certificate",
      "full-score-study", "enterprises")),
    ("车辆管理所玄武分所", "office", "320102", "玄武区北京东路41号",
     "118.8050", "32.0600", WEEKDAYS, "025-84420102",
     ("license-renewal", "license-replacement", "license-review", "inspection-mark",
      "full-score-study")),
    ("江宁交管服务站", "station", "320115", "江宁区天元中路126号",
     "118.8400", "31.9530", LONG_DAYS, "025-84420115",
     ("license-renewal", "license-replacement", "inspection-mark", "points-study")),
    ("鼓楼邮政交管便民服务点", "post_office", "320106", "鼓楼区中山北路101号",
     "118.7700", "32.0720", LONG_DAYS, "11183",
     ("license-replacement", "inspection-mark")),
    ("江苏省人民医院驾驶人体检中心", "hospital", "320106", "鼓楼区广州路300号",
     "118.7640", "32.0570", "周一至周六 8:00-11:30", "025-68303114",
     ("medical-certificate", "license-renewal")),
    ("南京市第一医院体检中心", "hospital", "320104", "秦淮区长乐路68号",
     "118.7890", "32.0220", "周一至周五 8:00-11:30", "025-52271000",
     ("medical-certificate",)),
    ("栖霞机动车检测站", "inspection", "320113", "栖霞区尧化门尧佳路5号",
     "118.8830", "32.1010", LONG_DAYS, "025-85700113",
     ("inspection-booking", "inspection-mark")),
    ("建邺汽车城（新车上牌服务点）", "dealer", "320105", "建邺区江东中路388号",
     "118.7290", "32.0060", LONG_DAYS, "025-86650105",
     ("temporary-plates", "plate-selection")),
    ("浦口银行抵押登记服务点", "bank", "320111", "浦口区江浦街道文德路2号",
     "118.6290", "32.0590", WEEKDAYS, "95566",
     ()),
)  # fmt: skip


def ensure_demo_guides(*, region_code: str = "320100", number: int = 0) -> list[str]:
    """Create the demo's points unless they exist; the banner's line about them."""
    actor = system_actor("demo")
    services.reference_load(actor=actor)
    if not ServicePoint.objects.filter(name=POINTS[0][0]).exists():
        nanjing = region_code.startswith("3201")
        for name, kind, district, address, lon, lat, hours, phone, keys in POINTS:
            services.point_save(
                actor=actor,
                kind=kind,
                name=name,
                address=f"南京市{address}",
                region_code=district if nanjing else region_code,
                longitude=lon,
                latitude=lat,
                hours=hours,
                phone=phone,
                guide_keys=list(keys),
            )
        station = ServicePoint.objects.get(name="江宁交管服务站")
        services.office_list_set(
            actor=actor,
            office=station,
            guide=Guide.objects.get(key="license-renewal"),
            trip_category="nearest_once",
        )
        renewal = Guide.objects.get(key="license-renewal")
        question = Question.objects.create(
            guide=renewal,
            text="驾驶证在外地考的，可以在南京期满换证吗？",
            asked_at=clock.now(),
        )
        services.question_answer(
            actor=actor,
            question=question,
            answer="可以。期满换证全国通办，到任一车辆管理所或交管服务站办理，"
            "同时提交身体条件证明。",
        )
    count = ServicePoint.objects.filter(active=True).count()
    guides = Guide.objects.count()
    return [
        f"  {number}. 办事指南 /guides/：{guides} 项指南（试试搜索“换证”）、{count} 个服务网点，"
        "地图 /guides/points/map/。"
    ]
