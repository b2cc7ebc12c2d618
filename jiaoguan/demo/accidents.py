"""The demo's minor-accident walk-through: two demo drivers with valid licences, one on each
phone (two browsers, or one in a private window)."""

from jiaoguan.demo.accounts import DEMO_PEOPLE, OFFICER_USERNAME


def demo_accidents_lines(*, number: int) -> list[str]:
    """The banner's lines: who reports, who joins, where a dispute goes."""
    by_key = {demo.key: demo for demo in DEMO_PEOPLE}
    a, b = by_key["zhang_wei"], by_key["wang_fang"]
    return [
        f"  {number}. 事故快处 /me/accidents/：{a.name}（{a.phone}）报告事故（先回答是否有人受伤"
        f"等问题），{b.name}（{b.phone}）在另一个浏览器登录后用加入码加入；",
        "     双方选择事故情形并分别签字，得到协议书（PDF）；申请在线定责的，进入民警 "
        f"{OFFICER_USERNAME} 的待办队列（/backoffice/cases/）。",
        "     协议后自动向双方的交强险保险公司报案（演练保险公司，永安财险须到柜台）；"
        "保险公司及其报案渠道在民警后台 /backoffice/accidents/insurers/ 维护。",
    ]
