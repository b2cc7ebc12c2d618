"""How a published list masks what it must not show (DOMAIN §19.1, §19.2).

- A person's name keeps the surname, every other character becomes ``*``: ``张*``, ``张**``,
  ``欧阳*``, ``欧阳**``. A compound surname (``COMPOUND_SURNAMES``) is kept whole only when
  a given name follows it; a name that is nothing but a surname (one character, or exactly a
  compound surname) keeps nothing but its first character at most, so that no published
  name is ever a whole name: ``张`` → ``*``, ``欧阳`` → ``欧*``.
- A plate number keeps the province abbreviation and the issuing office's letter and the
  last two characters: ``苏A12345`` → ``苏A***45``; the announcements that void a vehicle's
  documents publish the full number (登记规定 arts. 30, 41), not through this rule.
- A driving licence's number is the holder's identity number (162号 art. 12), which is never
  published, not even masked (身份证法 art. 13; the issue's rule "identity numbers never
  shown"); the lists identify a licence by its masked archive number (档案编号) instead:
  the first 4 and the last 2 characters.
- Identity numbers and phone numbers are never selected for publication at all, so no rule
  masks them here.

The scans apply these rules in SQL (``disclosure.scans.masks``), built from the constants
below; ``tests/disclosure`` checks the SQL against these functions.
"""

MASK_CHARACTER = "*"

#: Two-character surnames (复姓) in use today; a name starting with one keeps both.
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "万俟",
        "闻人", "澹台", "申屠", "太叔", "呼延", "赫连", "拓跋", "百里", "东郭", "钟离",
        "司空", "濮阳", "淳于", "单于", "公冶", "宗政", "仲孙", "鲜于", "闾丘", "子车",
        "颛孙", "第五", "左丘", "公羊", "谷梁", "巫马", "乐正", "壤驷", "夹谷", "羊舌",
    }
)  # fmt: skip

#: Characters a masked plate number keeps at its start and at its end.
PLATE_KEPT_START = 2
PLATE_KEPT_END = 2

#: Characters a masked archive number keeps at its start and at its end.
ARCHIVE_KEPT_START = 4
ARCHIVE_KEPT_END = 2


def name_kept_length(name: str) -> int:
    """How many leading characters of ``name`` a published list keeps (its surname)."""
    if len(name) <= 1:
        return 0
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return 2
    return 1


def mask_name(name: str) -> str:
    """``张三`` → ``张*``, ``欧阳小明`` → ``欧阳**``, ``张`` → ``*``; surrounding spaces dropped."""
    name = name.strip()
    kept = name_kept_length(name)
    return name[:kept] + MASK_CHARACTER * (len(name) - kept)


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return MASK_CHARACTER * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + MASK_CHARACTER * hidden + value[len(value) - keep_end :]


def mask_plate_number(number: str) -> str:
    """``苏A12345`` → ``苏A***45``; ``苏AD12345`` → ``苏A****45``."""
    return _mask_middle(number, PLATE_KEPT_START, PLATE_KEPT_END)


def mask_archive_number(number: str) -> str:
    """``320100123456`` → ``3201******56``."""
    return _mask_middle(number, ARCHIVE_KEPT_START, ARCHIVE_KEPT_END)
