"""The representative offenses of DOMAIN.md §5.3 as shipped reference data.

Points are 163号 (in force 2022-04-01). Codes are as seen in public records and marked
unverified: a deployment checks them against the MPS code table before launch. Fines are the
"seen locally" amounts, as demo defaults (empty province) plus the provinces where they were
seen; a deployment loads its own province's table. Offenses over 200 yuan, or with a
suspension, are the general procedure and are not handled online.
"""

from datetime import date

from django.db import migrations

IN_FORCE = date(2022, 4, 1)
LAW_90 = ("《道路交通安全法》第90条", 20, 200)
LAW_99 = ("《道路交通安全法》第99条", 200, 2000)

# code, description, legal basis, penalty (basis, min, max yuan), points, suspension,
# default fine (yuan), {province: fine}
CODES = [
    ("1625", "驾驶机动车违反道路交通信号灯通行的", "《道路交通安全法》第38条", LAW_90, 6,
     False, 200, {"32": 200, "11": 200, "44": 200, "53": 150, "43": 150}),
    ("1345", "驾驶机动车违反禁止标线指示的", "《道路交通安全法》第38条", LAW_90, 1,
     False, 100, {"31": 100, "33": 100, "51": 100, "46": 100}),
    ("1344", "驾驶机动车违反禁令标志指示的", "《道路交通安全法》第38条", LAW_90, 1,
     False, 100, {}),
    ("1223", "驾驶机动车时拨打、接听手持电话的", "《道路交通安全法实施条例》第62条第3项", LAW_90, 3,
     False, 50, {"46": 50}),
    ("1357", "驾驶机动车行经人行横道，不按规定减速、停车、避让行人的",
     "《道路交通安全法》第47条", LAW_90, 3, False, 200, {}),
    ("1301", "驾驶机动车逆向行驶的", "《道路交通安全法》第35条", LAW_90, 3, False, 200, {}),
    ("1044", "驾驶机动车在没有禁止掉头标志、标线的地点违反规定掉头的",
     "《道路交通安全法实施条例》第49条", LAW_90, 1, False, 150, {}),
    ("1102", "驾驶机动车不按规定使用灯光的", "《道路交通安全法实施条例》第48条", LAW_90, 1,
     False, 100, {}),
    ("4008", "驾驶机动车在高速公路、城市快速路上非紧急情况时在应急车道行驶或者停车的",
     "《道路交通安全法实施条例》第82条", LAW_90, 6, False, 200, {"44": 200}),
    ("1636", "驾驶中型以上载客载货汽车、危险物品运输车辆以外的机动车在高速公路、城市快速路以外的道路上行驶超过规定时速20%以上未达50%的",
     "《道路交通安全法》第42条", LAW_90, 3, False, 200, {}),
    ("1603A", "驾驶中型以上载客载货汽车、危险物品运输车辆以外的机动车在高速公路、城市快速路以外的道路上行驶超过规定时速50%以上的",
     "《道路交通安全法》第42条", LAW_99, 6, False, 500, {}),
    ("1352A", "驾驶中型以上载客载货汽车、危险物品运输车辆以外的机动车行驶超过规定时速10%以上未达20%的",
     "《道路交通安全法》第42条", LAW_90, 0, False, 100, {"44": 100}),
    ("1039", "机动车违反规定停放、临时停车，驾驶人不在现场，妨碍其他车辆、行人通行的",
     "《道路交通安全法》第56条", ("《道路交通安全法》第93条", 20, 200), 0, False, 150, {}),
    ("1019", "驾驶机动车违反规定使用专用车道的", "《道路交通安全法》第37条", LAW_90, 0,
     False, 100, {}),
    ("1048", "驾驶机动车在禁止鸣喇叭的区域或者路段鸣喇叭的",
     "《道路交通安全法实施条例》第62条第8项", LAW_90, 0, False, 50, {}),
    ("1604", "饮酒后驾驶机动车的", "《道路交通安全法》第22条",
     ("《道路交通安全法》第91条", 1000, 2000), 12, True, None, {}),
    ("1709A", "驾驶与准驾车型不符的机动车的", "《道路交通安全法》第19条", LAW_99, 9,
     False, 1000, {}),
    ("1704A", "驾驶证被暂扣期间驾驶机动车的", "《道路交通安全法》第19条", LAW_99, 6,
     False, 1000, {}),
    ("1329", "驾驶不按规定安装机动车号牌的机动车上道路行驶的", "《道路交通安全法》第11条",
     ("《道路交通安全法》第95条", 20, 200), 3, False, 200, {}),
]


def load(apps, schema_editor):
    ViolationCode = apps.get_model("violations", "ViolationCode")
    ProvinceFine = apps.get_model("violations", "ProvinceFine")
    for code, text, basis, penalty, points, suspension, default, provinces in CODES:
        penalty_basis, low, high = penalty
        ViolationCode.objects.create(
            code=code,
            effective_from=IN_FORCE,
            description=text,
            legal_basis=basis,
            penalty_basis=penalty_basis,
            points=points,
            fine_min_fen=low * 100,
            fine_max_fen=high * 100,
            suspension_or_revocation=suspension,
            verified=False,
            created_by="jiaoguan",
        )
        if default is not None:
            for province, amount in {"": default, **provinces}.items():
                ProvinceFine.objects.create(
                    code=code,
                    province=province,
                    effective_from=IN_FORCE,
                    amount_fen=amount * 100,
                    created_by="jiaoguan",
                )


def unload(apps, schema_editor):
    apps.get_model("violations", "ProvinceFine").objects.filter(created_by="jiaoguan").delete()
    apps.get_model("violations", "ViolationCode").objects.filter(created_by="jiaoguan").delete()


class Migration(migrations.Migration):
    dependencies = [("violations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
