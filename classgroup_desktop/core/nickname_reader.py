"""Reading one nickname: its identity, whether it complies with 入群-2, and why (in Chinese).

The member is ``ok`` when its cosmetic key equals the key of a compliant nickname for the
identity the tokens give, ``rename`` (with the exact compliant nickname) when not, ``unknown``
when nobody can be determined. Same-name students are told apart by 学号: label ``张伟（05）``,
asked-for nickname ``张伟05妈妈`` (``05张伟妈妈`` is accepted too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from classgroup_desktop.core.name_index import (
    NameIndex,
    Person,
    Token,
    fallback_name,
    known_words,
    mark_shown,
    name_key,
    tokenize,
)
from classgroup_desktop.core.phone import mask_phone
from classgroup_desktop.core.policy import NamingPolicy
from classgroup_desktop.core.text import cosmetic_key, is_han, is_latin, to_simplified
from classgroup_desktop.core.verdict import Identity

CLEAR_OUT_HINT = "请核实身份；不是本班家长或老师的应清退（入群-1、教师-2）"
TRUNCATED_HINT = "请在微信里查看完整昵称后再判断"
DEFAULT_WECHAT_NAMES = frozenset({"微信用户", "wechatuser", "用户", "新用户"})


@dataclass
class Reading:
    status: str
    identity: Identity
    suggestion: str | None = None
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    claim: Person | None = None  # the teacher this member claims to be
    claim_by_name: bool = False  # claim made with the teacher's name (not a bare title)
    people: tuple[Person, ...] = ()  # the students this member's identity names
    ambiguous: bool = False
    # What the reading was made from (the simplified key and its tokens), kept for the
    # class-level pass that weighs a name written inside a phrase (core.phrase_evidence).
    text: str = ""
    tokens: list[Token] = field(default_factory=list)


def _no_matches(student_no: str | None, digits: str) -> bool:
    if not student_no:
        return False
    no = "".join(c for c in student_no if c.isdigit())
    if not no:
        return False
    if no == digits or no.lstrip("0") == digits.lstrip("0") != "":
        return True
    return len(digits) >= 2 and no.endswith(digits)


def _traditional_in(s0: str, s: str, tokens: list[Token]) -> bool:
    if s0 == s:
        return False
    if len(s0) != len(s):
        return True
    for t in tokens:
        if s0[t.start:t.end] == s[t.start:t.end]:
            continue
        if t.kind == "name" and t.via == "exact" and any(
            s0[t.start:t.end] == cosmetic_key(p.name) for p in t.persons
        ):
            continue  # the roster itself writes the name this way (e.g. 於)
        return True
    return False


def _extra_problems(tokens: list[Token], skip: set[int]) -> list[str]:
    problems = []
    for i, t in enumerate(tokens):
        if i in skip:
            continue
        if t.kind == "num":
            if len(t.text) >= 7:
                masked = mask_phone(t.text) if len(t.text) >= 11 else "****"
                problems.append(f"含手机号 {masked}")
            else:
                problems.append(f"多了数字“{t.quoted}”")
        elif t.kind in ("extra", "subject", "numword", "name", "tpart"):
            problems.append(f"多了“{t.quoted}”")
    return problems


def _parent_ok(people: tuple[Person, ...], relation: str | None) -> Reading:
    who = "、".join(p.label for p in people)
    reason = (f"符合命名规则：{who}的{relation}。" if relation
              else f"符合命名规则：学生{who}的家长（只写了学生姓名）。")
    return Reading("ok", Identity("parent", None, tuple(p.label for p in people), relation),
                   None, reason, people=people)


def _teacher_ok(person: Person) -> Reading:
    role = "班主任" if person.head else f"{person.subject or ''}老师"
    return Reading("ok", Identity("teacher", person.label, (), None), None,
                   f"符合命名规则：{role}{person.name}。", claim=person, claim_by_name=True)


@lru_cache(maxsize=16)
def _compliant_keys(index: NameIndex, policy: NamingPolicy) -> dict[str, tuple]:
    """Cosmetic keys of the exactly compliant nicknames of the roster (for one policy).

    Most members of a real group are compliant; their nickname key is looked up here instead of
    being tokenised. Same-name students and keys two identities would share are left to the
    full reading, which knows how to tell them apart.
    """
    forms: dict[str, list[tuple]] = {}
    for person in index.people:
        if len(index.names.get(name_key(person.name), ())) > 1:
            continue
        if person.kind == "teacher":
            forms.setdefault(cosmetic_key(person.name), []).append(("teacher", person, None))
            continue
        forms.setdefault(cosmetic_key(person.name), []).append(("parent", person, None))
        for relation in policy.relations:
            forms.setdefault(cosmetic_key(person.name + relation), []).append(
                ("parent", person, relation))
    return {key: found[0] for key, found in forms.items() if len(found) == 1 and key}


def read_compliant(key: str, index: NameIndex, policy: NamingPolicy) -> Reading | None:
    """The reading of a nickname whose key is exactly a compliant nickname, else None."""
    hit = _compliant_keys(index, policy).get(key)
    if hit is None:
        return None
    kind, person, relation = hit
    return _teacher_ok(person) if kind == "teacher" else _parent_ok((person,), relation)


def _next_to_name(tokens: list[Token], i: int) -> bool:
    """Whether the relation word at ``i`` is written with a student's name: right after the
    name (its 学号 or 的 in between allowed) or right before it, other relation words aside."""
    j = i - 1
    while j >= 0 and tokens[j].kind == "rel":
        j -= 1
    k = i + 1
    while k < len(tokens) and tokens[k].kind == "rel":
        k += 1
    return ((j >= 0 and tokens[j].kind in ("name", "num", "numword", "de"))
            or (k < len(tokens) and tokens[k].kind == "name"))


def _read_parent(tokens: list[Token], s0: str, s: str, policy: NamingPolicy) -> Reading:
    name_idx = [i for i, t in enumerate(tokens)
                if t.kind == "name" and any(p.kind == "student" for p in t.persons)]
    rel_idx = [i for i, t in enumerate(tokens) if t.kind == "rel"]
    num_idx = [i for i, t in enumerate(tokens) if t.kind == "num"]
    # The relation is the word written with the name (李喆爸爸); a relation word elsewhere, in a
    # note after other text (李喆爸爸（班长家长）), is extra text, not a second relation.
    attached = [i for i in rel_idx if _next_to_name(tokens, i)]
    loose = [i for i in rel_idx if i not in attached] if attached else []
    rel_idx = attached or rel_idx
    relations = list(dict.fromkeys(tokens[i].canonical for i in rel_idx))
    # One WeChat account is one person: 张三爸妈 / 张三爸爸妈妈 names no single relation, so the
    # compliant nickname for a shared account is the student's name alone.
    relation = relations[0] if len(relations) == 1 else None
    used: set[int] = set(name_idx) | set(rel_idx)
    resolved: list[Person] = []
    ambiguous: list[list[Person]] = []
    number_written: str | None = None
    for i in name_idx:
        cands = [p for p in tokens[i].persons if p.kind == "student"]
        if len(cands) > 1:
            hits = [(p, j) for p in cands for j in num_idx if _no_matches(p.student_no,
                                                                        tokens[j].text)]
            if len({id(p) for p, _ in hits}) == 1:
                resolved.append(hits[0][0])
                used.add(hits[0][1])
                number_written = tokens[hits[0][1]].text
                used.update(j for j, t in enumerate(tokens) if t.kind == "numword")
            else:
                ambiguous.append(cands)
        else:
            resolved.append(cands[0])
    unique: list[Person] = []
    for p in resolved:
        if p not in unique:
            unique.append(p)
    flags: list[str] = []
    problems: list[str] = []
    names_part = "".join(p.name for p in unique)
    if ambiguous:
        amb = ambiguous[0]
        flags.append("ambiguous")
        rel_part = policy.suggested_relation(relation)
        options = [f"{names_part}{p.name}{p.student_no}{rel_part}" for p in amb if p.student_no]
        suggestion = " 或 ".join(options) if options else None
        nos = "、".join(p.student_no for p in amb if p.student_no)
        labels = tuple(p.label for p in unique) + (amb[0].name,)
        written = next((tokens[i].quoted for i in name_idx
                        if tokens[i].via == "homophone" and tokens[i].persons[0] in amb), None)
        reason = ((f"“{written}”与花名册上的“{amb[0].name}”用字不同；" if written else "")
                  + f"班上有 {len(amb)} 位同名学生“{amb[0].name}”"
                  + (f"（学号 {nos}）" if nos else "")
                  + "，看不出是哪一位的家长，请在昵称里加上学号"
                  + (f"，如“{options[0]}”。" if options else "。"))
        return Reading("rename", Identity("parent", None, labels, relation), suggestion, reason,
                        flags, people=tuple(unique), ambiguous=True)
    same_name = len(unique) == 1 and number_written is not None
    bases = [names_part]
    if number_written is not None and len(unique) == 1:
        p = unique[0]
        bases = [p.name + number_written, number_written + p.name]
        if p.student_no:
            bases += [p.name + p.student_no, p.student_no + p.name]
    allowed_rel = relation in policy.relations
    acceptable = {cosmetic_key(b) for b in bases}
    if relation is not None and allowed_rel:
        acceptable |= {cosmetic_key(b + relation) for b in bases}
    identity = Identity("parent", None, tuple(p.label for p in unique), relation)
    if cosmetic_key(s0) in acceptable:
        return _parent_ok(tuple(unique), relation)
    base = bases[0]
    if same_name and unique[0].student_no:
        base = unique[0].name + unique[0].student_no
    # A relation the policy does not allow (小姨) becomes 家长, not the bare name: the bare
    # name makes a grown-up look like the child.
    suggestion = base + policy.suggested_relation(relation)
    pinyin = [tokens[i] for i in name_idx if tokens[i].via == "pinyin"]
    if pinyin:
        part = "的一部分" if any(is_han(c) for t in pinyin for c in t.text) else ""
        problems.append(f"学生姓名{part}写成了拼音，应写汉字")
    for i in name_idx:
        t = tokens[i]
        if t.via == "homophone":
            problems.append(f"“{t.quoted}”与花名册上的“{t.persons[0].name}”用字不同")
        elif t.via == "given":
            problems.append(f"只写了名字“{t.quoted}”，缺少姓")
        elif t.via == "surname":
            problems.append(f"只写了复姓“{t.quoted}”，缺少名字")
    if _traditional_in(s0, s, tokens):
        problems.append("含繁体字")
    if any(t.kind == "de" for t in tokens):
        problems.append("多了“的”字")
        used.update(i for i, t in enumerate(tokens) if t.kind == "de")
    if len(relations) > 1:
        problems.append(f"同时写了“{'”“'.join(relations)}”，一个微信号只能是一位家长，"
                        "共用时只写学生姓名")
    elif rel_idx:
        surface = tokens[rel_idx[0]]
        if surface.text != relation and relation is not None:
            problems.append(f"称谓“{surface.quoted}”应写作“{relation}”")
        if not allowed_rel:
            problems.append(f"本班规则只允许“{policy.describe_relations()}”或只写学生姓名，"
                            f"不用“{relation}”")
    if any(t.kind in ("teacher", "head") for t in tokens):
        flags.append("impersonation")
        problems.append("带有“老师/班主任”字样，但不是本班老师")
        used.update(i for i, t in enumerate(tokens) if t.kind in ("teacher", "head"))
    problems += _extra_problems(tokens, used | set(loose))
    problems += [f"多了“{tokens[i].quoted}”" for i in loose]
    if not problems:
        problems.append(f"格式应为“学生姓名+{policy.describe_relations()}”或只写学生姓名")
    reason = f"请改为“{suggestion}”：{'；'.join(problems)}。"
    return Reading("rename", identity, suggestion, reason, flags, people=tuple(unique),
                   text=s, tokens=tokens)


def _read_teacher(tokens: list[Token], ti: int, s0: str, s: str,
                  policy: NamingPolicy) -> Reading:
    tok = tokens[ti]
    person = next(p for p in tok.persons if p.kind == "teacher")
    identity = Identity("teacher", person.label, (), None)
    affix_idx = {i for i, t in enumerate(tokens) if t.kind in ("teacher", "head", "subject")}
    others = [i for i in range(len(tokens)) if i != ti and i not in affix_idx]
    key = cosmetic_key(s0)
    ok = key == cosmetic_key(person.name) or (
        policy.teacher_affix_allowed and not others and tok.via == "exact"
        and s0[tok.start:tok.end] == cosmetic_key(person.name)
    )
    if ok:
        return _teacher_ok(person)
    problems = []
    if tok.via == "pinyin":
        problems.append("姓名写成了拼音，应写汉字")
    elif tok.via == "homophone":
        problems.append(f"“{tok.quoted}”与花名册上的“{person.name}”用字不同")
    if _traditional_in(s0, s, tokens):
        problems.append("含繁体字")
    if affix_idx and not policy.teacher_affix_allowed:
        problems.append("老师的群昵称应为本人姓名，不加“老师”、科目或职务")
    problems += _extra_problems(tokens, {ti} | affix_idx)
    problems += [f"多了“{tokens[i].quoted}”" for i in others
                 if tokens[i].kind in ("rel", "de")]
    if not problems:
        problems.append("老师的群昵称应为本人姓名")
    reason = f"请改为“{person.name}”：{'；'.join(problems)}。"
    return Reading("rename", identity, person.name, reason, claim=person, claim_by_name=True)


def _read_title(tokens: list[Token], shown: str, index: NameIndex) -> Reading:
    """A nickname that claims a teacher role without a roster name: 周老师, 数学老师, 班主任-王."""
    head = any(t.kind == "head" for t in tokens)
    subjects = [t.text for t in tokens if t.kind == "subject"]
    hints = [t.text for t in tokens if t.kind == "extra" and all(is_han(c) for c in t.text)]
    surname = hints[0].lstrip("小老大")[:2] if hints else ""
    # Smith老师, Ms Emily, zhou老师: a part of a teacher's name in Latin letters; another Latin
    # word next to a title (Brown老师) names no teacher of the class.
    parts = [t for t in tokens if t.kind == "tpart"]
    latin_hint = next((t.quoted for t in tokens
                       if t.kind == "extra" and is_latin(t.text[:1])), "")
    cands = [p for p in index.teachers if p.head] if head else list(index.teachers)
    if surname:
        cands = [p for p in cands
                 if p.name.startswith(surname) or (len(surname) >= 2 and surname in p.name)]
    if parts:
        cands = [p for p in cands if all(p in t.persons for t in parts)]
    elif latin_hint and not surname:
        cands = []
    if subjects:
        cands = [p for p in cands if p.subject and any(sub in p.subject or p.subject in sub
                                                        for sub in subjects)]
    if len(cands) == 1:
        p = cands[0]
        return Reading(
            "rename", Identity("teacher", p.label, (), None), p.name,
            f"请改为“{p.name}”：老师的群昵称应为本人全名，不能只写“{shown}”。",
            claim=p)
    if not cands:
        what = (f"姓{surname}的" if surname else f"叫“{latin_hint}”的" if latin_hint else ""
                ) + "".join(subjects)
        role = "班主任" if head else "老师"
        return Reading(
            "unknown", Identity(), None,
            f"自称“{shown}”，但本班没有{what}{role}，疑似冒充老师：{CLEAR_OUT_HINT}。",
            ["impersonation"])
    names = "、".join(p.name for p in cands)
    return Reading("unknown", Identity(), None,
                    f"“{shown}”可能是 {names} 中的任何一位，看不出是谁：{CLEAR_OUT_HINT}。",
                    ["ambiguous"])


def _read_unknown(tokens: list[Token], key: str) -> Reading:
    maybe = next((t for t in tokens if t.kind == "maybe"), None)
    if maybe is not None:
        rel = next((t.canonical for t in tokens if t.kind == "rel"), "")
        names = "、".join(p.label for p in maybe.persons)
        example = maybe.persons[0].name + rel
        ask = {"given": "请加上姓", "surname": "请写全学生姓名"}.get(
            maybe.via, "请按花名册上的用字写学生姓名")
        return Reading("unknown", Identity(), None,
                       f"“{maybe.quoted}”可能是 {names} 中的一位的家长，看不出是哪一位："
                       f"{ask}（如“{example}”）。", ["ambiguous"])
    if not key:
        why = "昵称只有表情或符号"
    elif key in DEFAULT_WECHAT_NAMES:
        why = "这是微信默认昵称"
    elif tokens and all(t.kind in ("rel", "de") for t in tokens):
        why = "只有称谓，看不出是哪位学生的家长"
    else:
        why = "昵称里找不到本班学生或老师的姓名"
    return Reading("unknown", Identity(), None, f"{why}，{CLEAR_OUT_HINT}。")


def read_nickname(nickname: str, index: NameIndex, policy: NamingPolicy) -> Reading:
    s0 = cosmetic_key(nickname)
    s = to_simplified(s0)
    tokens = tokenize(s, index)
    mark_shown(tokens, nickname, s0, s)
    fallback_name(tokens, index)
    return _interpret(tokens, s0, s, index, policy, nickname.strip())


def _interpret(tokens: list[Token], s0: str, s: str, index: NameIndex,
               policy: NamingPolicy, shown: str) -> Reading:
    names = [i for i, t in enumerate(tokens) if t.kind == "name"]
    if names:
        has_student = any(p.kind == "student" for i in names for p in tokens[i].persons)
        teacher_at = next((i for i in names
                           if any(p.kind == "teacher" for p in tokens[i].persons)), None)
        has_rel = any(t.kind == "rel" for t in tokens)
        if has_student and (has_rel or teacher_at is None):
            return _read_parent(tokens, s0, s, policy)
        assert teacher_at is not None
        return _read_teacher(tokens, teacher_at, s0, s, policy)
    if any(t.kind in ("teacher", "head") for t in tokens):
        return _read_title(tokens, shown, index)
    return _read_unknown(tokens, s0)


@lru_cache(maxsize=1)
def _word_prefixes() -> frozenset[str]:
    # Starts of the words the tokenizer knows (外 of 外婆, 老 of 老师): a cut word, no extra text.
    return frozenset(w[:n] for w in known_words() for n in range(1, len(w)))


def _cut_tail(tokens: list[Token], index: NameIndex) -> tuple[list[Token], list[Person], bool]:
    """Split off the text WeChat cut in the middle of a word: the last token, or its end, when
    it is the start of a roster name (王一一王… → 王二二?) or of a known word (黄小米外… → 外婆?).

    Returns the complete tokens, the people the cut name may begin, and whether anything was
    cut. One visible character is enough after a complete name; alone it needs two.
    """
    if not tokens or tokens[-1].kind != "extra":
        return tokens, [], False
    last = tokens[-1]
    after_name = any(t.kind == "name" for t in tokens[:-1])
    for k in range(len(last.text)):
        sub = last.text[k:]
        if len(sub) < (1 if after_name else 2):
            break
        table = index.latin_prefixes if is_latin(sub[0]) else index.prefixes
        people = [index.people[i] for i in sorted(table.get(sub, ()))]
        if people or sub in _word_prefixes():
            complete = tokens[:-1]
            if k:
                kept = Token("extra", last.text[:k], last.start, last.start + k,
                             written=last.written)
                complete = [*complete, kept]
            return complete, people, True
    return tokens, [], False


def read_truncated(visible: str, index: NameIndex, policy: NamingPolicy) -> Reading:
    """A name WeChat cut with “…”: the visible part is read as the start of the nickname.

    Matched only when it fits exactly one identity of the roster (the reason says it was read
    from a cut name); when it fits several, or none, the member is ``unknown`` and the teacher
    is asked to look at the full nickname in WeChat.
    """
    s0 = cosmetic_key(visible)
    s = to_simplified(s0)
    tokens = tokenize(s, index)
    mark_shown(tokens, visible, s0, s)
    shown = visible.strip().rstrip("….⋯。 ") or visible
    intro = f"昵称显示不全（只看到“{shown}…”）"
    complete, tail_people, cut = _cut_tail(tokens, index)
    named = [p for t in complete if t.kind == "name" for p in t.persons]
    names = [t for t in complete if t.kind == "name"]

    def unknown(options: list[str]) -> Reading:
        why = (f"{intro}，可能是 {'、'.join(options)} 中的任何一位" if options
               else f"{intro}，看不出是谁")
        return Reading("unknown", Identity(), None, f"{why}，{TRUNCATED_HINT}。", ["truncated"])

    if tail_people and names:
        # 王一一王…: the parent of the named student(s) and of a student whose name begins
        # with the cut text.
        firsts = "".join(dict.fromkeys(t.persons[0].name for t in names))
        others = [p for p in tail_people if p.kind == "student" and p not in named]
        if len(others) > 1:
            return unknown([firsts + p.label for p in others])
        if len(others) == 1:
            completed = s[:complete[-1].end] + name_key(others[0].name)
            reading = _interpret(tokenize(completed, index), completed, completed, index,
                                 policy, shown)
            return _finish_truncated(reading, s0, shown, intro, policy)
        tail_people = []
    if tail_people:
        # 欧阳娜… / zhangw… / 李建…: the visible text is the start of roster names only.
        if len(tail_people) > 1:
            return unknown([p.label for p in tail_people])
        person = tail_people[0]
        if person.kind == "teacher":
            reading = Reading("rename", Identity("teacher", person.label, (), None), person.name,
                              "", claim=person, claim_by_name=True)
        else:
            reading = Reading("rename", Identity("parent", None, (person.label,), None),
                              person.name, "", people=(person,))
        if is_latin(s[-1:]):
            reading.reason = "：姓名写成了拼音，应写汉字。"
        return _finish_truncated(reading, s0, shown, intro, policy)
    if not names:
        return unknown([])
    # The last visible name may be the start of a longer one (陈晓… could be 陈晓明).
    last = names[-1]
    tail = s[last.start:]
    table = index.latin_prefixes if last.via == "pinyin" else index.prefixes
    longer = [index.people[i] for i in sorted(table.get(tail, ()))]
    candidates = list(last.persons) + [p for p in longer if p not in last.persons]
    distinct = list(dict.fromkeys(p.name for p in candidates))
    if len(distinct) != 1:
        return unknown(distinct)
    reading = _interpret(complete, s0[:complete[-1].end] if cut else s0,
                         s[:complete[-1].end] if cut else s, index, policy, shown)
    return _finish_truncated(reading, s0, shown, intro, policy)


def _finish_truncated(reading: Reading, s0: str, shown: str, intro: str,
                      policy: NamingPolicy) -> Reading:
    """ok when the visible text is the start of a compliant nickname for the identity read."""
    reading.flags.append("truncated")
    if reading.ambiguous or reading.identity.kind is None:
        reading.reason = f"{intro}；{reading.reason}"
        return reading
    if reading.identity.kind == "teacher":
        assert reading.claim is not None
        forms = [reading.claim.name]
    else:
        base = "".join(p.name for p in reading.people)
        forms = [base] + [base + r for r in policy.relations]
    fitting = [f for f in forms if s0 and cosmetic_key(f).startswith(s0)]
    if fitting:
        if reading.identity.kind == "parent":
            rels = {f[len(forms[0]):] or None for f in fitting}
            relation = rels.pop() if len(rels) == 1 else None
            reading.identity = Identity("parent", None, reading.identity.students, relation)
        target = fitting[0] if len(fitting) == 1 else forms[0]
        reading.status, reading.suggestion = "ok", None
        reading.reason = f"{intro}，按可见部分判断为“{target}”；请在微信中核对完整昵称。"
        return reading
    reading.status = "rename"
    reading.suggestion = reading.suggestion or forms[0]
    if reading.reason and "：" in reading.reason and not reading.reason.startswith("符合"):
        detail = reading.reason.split("：", 1)[-1]
    elif reading.identity.kind == "parent":
        detail = (f"看得到的“{shown}”不是合规昵称的开头（本班只允许“学生姓名+"
                  f"{policy.describe_relations()}”或只写学生姓名）。")
    else:
        detail = f"看得到的“{shown}”不是老师本人姓名的开头。"
    reading.reason = f"{intro}，按可见部分判断；请改为“{reading.suggestion}”：{detail}"
    return reading


def read_confirmed(label: str, index: NameIndex, policy: NamingPolicy) -> Reading:
    """A nickname the teacher confirmed by hand as ``label`` (王小明奶奶（家委会））: ok, and
    the identity the label names — a family, or a teacher only when named in full."""
    reading = read_nickname(label, index, policy)
    identity = reading.identity
    if identity.kind == "teacher" and not reading.claim_by_name:
        identity = Identity()  # 学校保卫处张老师 is not the class's teacher 张…
    return Reading("ok", identity, None, f"已由老师人工确认：{label}。", ["confirmed"],
                    people=reading.people)


