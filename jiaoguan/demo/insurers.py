"""The demo's insurers (保险公司): the property insurers most 交强险 policies are with, each
an organisation of kind insurer with its claim routing, loaded through the back office's
service (``accidents.insurers.insurer_save``, audited as the demo job). All but one take
claims online through the sandbox insurer; 永安财险 takes them at its counter, so the demo
shows both. The credit codes are made up (valid check digits, region 110000)."""

from stdnum.cn import uscc

from jiaoguan.accidents import insurers
from jiaoguan.accidents.models import Insurer
from jiaoguan.identity.actors import system_actor

#: (code, full name, short names): product reference data [U].
INSURERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("PICC", "中国人民财产保险股份有限公司", ("中国人民财产保险", "人保财险", "人保", "PICC")),
    ("PAIC", "中国平安财产保险股份有限公司", ("中国平安财产保险", "平安财险", "平安产险")),
    ("CPIC", "中国太平洋财产保险股份有限公司", ("中国太平洋财产保险", "太平洋财险", "太保财险")),
    ("CLPC", "中国人寿财产保险股份有限公司", ("中国人寿财产保险", "国寿财险")),
    ("CCIC", "中国大地财产保险股份有限公司", ("中国大地财产保险", "大地财险", "大地保险")),
    ("CUPI", "中华联合财产保险股份有限公司", ("中华联合财产保险", "中华财险", "中华联合")),
    ("SSAI", "阳光财产保险股份有限公司", ("阳光财产保险", "阳光财险", "阳光保险")),
    ("TPIC", "太平财产保险有限公司", ("太平财产保险", "太平财险")),
    ("TAIC", "天安财产保险股份有限公司", ("天安财产保险", "天安财险")),
    ("YAIC", "永安财产保险股份有限公司", ("永安财产保险", "永安财险")),
    ("HAIC", "华安财产保险股份有限公司", ("华安财产保险", "华安财险")),
    ("YDTH", "英大泰和财产保险股份有限公司", ("英大泰和财产保险", "英大财险")),
)
#: The demo insurer that takes no claims online.
AT_THE_COUNTER = "YAIC"


def demo_credit_code(index: int) -> str:
    body = "91110000" + f"MA{index:07d}"[:9]
    return body + uscc.calc_check_digit(body)


def ensure_demo_insurers(*, online: str = "sandbox") -> int:
    """Each insurer of ``INSURERS`` that has no record yet, routed through ``online`` (the
    sandbox in the demo and the tests); how many were added (a rerun adds none)."""
    actor = system_actor("demo")
    added = 0
    existing = set(Insurer.objects.values_list("code", flat=True))
    for index, (code, name, names) in enumerate(INSURERS, start=1):
        if code in existing:
            continue
        takes = code != AT_THE_COUNTER
        insurers.insurer_save(
            actor=actor,
            code=code,
            names=list(names),
            claims_online=takes,
            provider=online if takes else "",
            name=name,
            credit_code=demo_credit_code(index),
            region_code="110000",
        )
        added += 1
    return added
