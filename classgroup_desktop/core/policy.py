"""The naming policy (data, per class) and the word lists the matcher recognises.

入群-2: a teacher's nickname is the teacher's real name; a parent's is 学生姓名 + 爸爸/妈妈, or the
student's name alone. The notice admits 学生家长及监护人, so the built-in policy also accepts the
grandparents and 家长 after the student's name (林一诺外婆 shows the student's name directly); a
school may narrow it to the notice's literal 爸爸/妈妈, allow more words, or a subject or title
affix for teachers (数学-李建国, 李建国老师). That choice is a ``NamingPolicy``; a policy saved in
settings is kept as saved, only the built-in default below changed (release 2026-12).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Canonical relation words and every way families write them (slang, formal, English, pinyin).
# Keys are what a nickname may contain (already case-folded); values are the canonical word.
RELATION_VARIANTS: dict[str, str] = {
    "妈妈": "妈妈", "妈": "妈妈", "麻麻": "妈妈", "妈咪": "妈妈", "老妈": "妈妈", "母亲": "妈妈",
    "妈妈们": "妈妈", "娘": "妈妈", "亲妈": "妈妈", "马麻": "妈妈", "嘛嘛": "妈妈", "妈麻": "妈妈",
    "mama": "妈妈", "mom": "妈妈", "mum": "妈妈", "mommy": "妈妈", "mummy": "妈妈",
    "mami": "妈妈", "mother": "妈妈", "mamma": "妈妈",
    "爸爸": "爸爸", "爸": "爸爸", "老爸": "爸爸", "爸比": "爸爸", "粑粑": "爸爸", "父亲": "爸爸",
    "爹": "爸爸", "爹地": "爸爸", "爹爹": "爸爸", "老爹": "爸爸", "把拔": "爸爸", "拔拔": "爸爸",
    "爸爸们": "爸爸", "亲爸": "爸爸",
    "baba": "爸爸", "dad": "爸爸", "daddy": "爸爸", "papa": "爸爸", "father": "爸爸",
    "爷爷": "爷爷", "爷": "爷爷", "祖父": "爷爷",
    "奶奶": "奶奶", "奶": "奶奶", "祖母": "奶奶",
    "外公": "外公", "外祖父": "外公", "外婆": "外婆", "外祖母": "外婆",
    "姥姥": "姥姥", "姥爷": "姥爷", "家长": "家长", "家属": "家长", "监护人": "监护人",
    "哥哥": "哥哥", "哥": "哥哥", "姐姐": "姐姐", "姐": "姐姐",
    "舅舅": "舅舅", "舅妈": "舅妈", "姑姑": "姑姑", "姨妈": "姨妈", "小姨": "小姨",
    "阿姨": "阿姨", "叔叔": "叔叔", "婶婶": "婶婶", "伯伯": "伯伯", "干妈": "干妈", "干爹": "干爹",
}
KNOWN_RELATIONS: tuple[str, ...] = tuple(dict.fromkeys(RELATION_VARIANTS.values()))

# Words that make a nickname claim a teacher role.
TEACHER_WORDS = ("老师", "教师", "laoshi", "teacher", "miss", "mrs", "ms", "mr")
HEAD_TEACHER_WORDS = ("班主任", "班任")
SUBJECTS = (
    "语文", "数学", "英语", "外语", "物理", "化学", "生物", "历史", "地理", "政治", "道法",
    "道德与法治", "科学", "音乐", "美术", "体育", "信息", "信息技术", "劳动", "心理", "书法",
    "舞蹈", "综合实践", "体育与健康", "副班主任", "助教",
)
# The built-in default: the notice's 爸爸/妈妈, the grandparents (who often look after the
# child) and the neutral 家长. 设置 can narrow a class or school to NOTICE_RELATIONS.
DEFAULT_RELATIONS: tuple[str, ...] = (
    "爸爸", "妈妈", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "家长",
)
NOTICE_RELATIONS: tuple[str, ...] = ("爸爸", "妈妈")
# What a member whose relation the policy does not allow (小姨, 姐姐) is asked to write after the
# student's name, when the policy allows it; else the student's name alone.
NEUTRAL_RELATION = "家长"

# Words families add around a 学号 (张伟05号妈妈, 学号05张伟妈妈).
NUMBER_WORDS = ("学号", "号")


@dataclass(frozen=True)
class NamingPolicy:
    """Which nicknames a class accepts (入群-2), as data."""

    relations: tuple[str, ...] = DEFAULT_RELATIONS  # allowed relation words
    teacher_affix_allowed: bool = False  # 数学-李建国 / 李建国老师 allowed?
    max_members_per_student: int = 4

    def __post_init__(self) -> None:
        # Frozen and hashable even when built with a list (NamingPolicy(relations=[...])).
        object.__setattr__(self, "relations", tuple(self.relations))

    def to_dict(self) -> dict[str, Any]:
        return {
            "relations": list(self.relations),
            "teacher_affix_allowed": self.teacher_affix_allowed,
            "max_members_per_student": self.max_members_per_student,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> NamingPolicy:
        """A policy from stored JSON; missing or malformed fields take the default."""
        if not d:
            return cls()
        default = cls()
        relations = d.get("relations", default.relations)
        if isinstance(relations, str):
            relations = [r for r in relations.replace("，", ",").replace("、", ",").split(",")]
        if not isinstance(relations, (list, tuple)):
            relations = default.relations
        cleaned = tuple(dict.fromkeys(str(r).strip() for r in relations if str(r).strip()))
        affix = d.get("teacher_affix_allowed", default.teacher_affix_allowed)
        limit = d.get("max_members_per_student", default.max_members_per_student)
        try:
            limit = max(1, int(limit))
        except (TypeError, ValueError):
            limit = default.max_members_per_student
        return cls(relations=cleaned, teacher_affix_allowed=bool(affix),
                   max_members_per_student=limit)

    def suggested_relation(self, relation: str | None) -> str:
        """The relation word to suggest after the student's name for a member who wrote
        ``relation``: that word when allowed, else 家长 when allowed, else nothing (the student's
        name alone is always compliant)."""
        if relation is None:
            return ""
        if relation in self.relations:
            return relation
        return NEUTRAL_RELATION if NEUTRAL_RELATION in self.relations else ""

    def describe_relations(self) -> str:
        """The allowed relation words for messages: “爸爸/妈妈”."""
        return "/".join(self.relations) if self.relations else "（无）"


DEFAULT_POLICY = NamingPolicy()
