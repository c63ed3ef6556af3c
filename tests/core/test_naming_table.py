"""The member check, case by case: status, identity, suggestion and flags of real-looking names.

One roster (built below) covers the hard parts: compound surnames, prefix names (陈晓 / 陈晓明,
李明 / 李明轩), two students called 张伟, twins, rare characters (䶮 堃 喆), polyphonic surnames
(曾 单 解 朴 区), a roster name with a character OpenCC would convert (於), an English teacher name,
two teachers surnamed 王 and an inactive student.
"""

from __future__ import annotations

import pytest

from classgroup_desktop.core.naming import (
    Identity,
    MemberInput,
    NamingPolicy,
    check_members,
)
from classgroup_desktop.core.policy import NOTICE_RELATIONS
from classgroup_desktop.core.roster import ClassRoster, Student, Teacher, TeacherRole

STUDENTS = [
    "张三", "李四", "周杰", "吴堃", "黄小米", "高梓萱", "梁思成", "陈晓", "陈晓明", "李明",
    "李明轩", "宋雨桐", "王一一", "王二二", "欧阳娜娜", "司马云飞", "曾小凡", "单田", "刘䶮",
    "张伟", "张伟", "王喆", "解晓东", "朴智敏", "区家豪", "阿依古丽·买买提", "於文", "林一诺",
]
ROSTER = ClassRoster(
    class_name="三年级2班",
    students=tuple(Student(n, f"{i + 1:02d}") for i, n in enumerate(STUDENTS))
    + (Student("赵六", "99", active=False),),
    teachers=(
        Teacher("李建国", "数学", TeacherRole.HEAD),
        Teacher("周文华", "语文"),
        Teacher("Emily Smith", "英语"),
        Teacher("王芳", "体育"),
        Teacher("王丽", "音乐"),
        Teacher("欧阳文", "美术"),
    ),
)
NOTICE = NamingPolicy(relations=NOTICE_RELATIONS)
WIDE = NamingPolicy(relations=("爸爸", "妈妈", "爷爷", "奶奶", "外公", "外婆"),
                    teacher_affix_allowed=True)


def ident(spec: str) -> Identity:
    """``P:张三:妈妈`` parent (students joined by +, relation or -), ``T:李建国``, ``-`` nobody."""
    if spec == "-":
        return Identity()
    kind, _, rest = spec.partition(":")
    if kind == "T":
        return Identity("teacher", rest, (), None)
    students, _, relation = rest.partition(":")
    rel = None if relation == "-" else relation
    return Identity("parent", None, tuple(students.split("+")), rel)


# (id, nickname, status, identity, suggestion, flags) — checked alone, default policy.
CASES = [
    # --- ok: compliant once cosmetic differences are removed -----------------------------
    ("plain mother", "张三妈妈", "ok", "P:张三:妈妈", None, ""),
    ("plain father", "张三爸爸", "ok", "P:张三:爸爸", None, ""),
    ("student name alone", "张三", "ok", "P:张三:-", None, ""),
    ("space between name and relation", "李四 爸爸", "ok", "P:李四:爸爸", None, ""),
    ("full-width space", "李四\u3000爸爸", "ok", "P:李四:爸爸", None, ""),
    ("spaces between every character", "张 三 妈 妈", "ok", "P:张三:妈妈", None, ""),
    ("flowers around the name", "🌸周杰妈妈🌸", "ok", "P:周杰:妈妈", None, ""),
    ("heart emoji with variation selector", "❤️张三妈妈❤️", "ok", "P:张三:妈妈", None, ""),
    ("family emoji with zero-width joiners", "👨‍👩‍👧张三爸爸", "ok", "P:张三:爸爸", None, ""),
    ("sparkles after", "张三妈妈✨", "ok", "P:张三:妈妈", None, ""),
    ("stars around name alone", "★张三★", "ok", "P:张三:-", None, ""),
    ("zero-width space inside", "张三\u200b妈妈", "ok", "P:张三:妈妈", None, ""),
    ("ASCII brackets around relation", "张三(妈妈)", "ok", "P:张三:妈妈", None, ""),
    ("full-width brackets around relation", "张三（妈妈）", "ok", "P:张三:妈妈", None, ""),
    ("lenticular brackets", "张三【妈妈】", "ok", "P:张三:妈妈", None, ""),
    ("corner brackets", "张三「爸爸」", "ok", "P:张三:爸爸", None, ""),
    ("square brackets", "张三[爸爸]", "ok", "P:张三:爸爸", None, ""),
    ("hyphen separator", "张三-妈妈", "ok", "P:张三:妈妈", None, ""),
    ("full-width hyphen", "张三－妈妈", "ok", "P:张三:妈妈", None, ""),
    ("underscore separator", "张三_妈妈", "ok", "P:张三:妈妈", None, ""),
    ("middle dot separator", "张三·妈妈", "ok", "P:张三:妈妈", None, ""),
    ("slash separator", "张三/妈妈", "ok", "P:张三:妈妈", None, ""),
    ("dot separator", "张三.妈妈", "ok", "P:张三:妈妈", None, ""),
    ("comma separator", "张三,妈妈", "ok", "P:张三:妈妈", None, ""),
    ("full-width comma", "张三，妈妈", "ok", "P:张三:妈妈", None, ""),
    ("pipe separator", "张三|妈妈", "ok", "P:张三:妈妈", None, ""),
    ("full-width pipe", "张三｜妈妈", "ok", "P:张三:妈妈", None, ""),
    ("tilde decoration", "～张三妈妈～", "ok", "P:张三:妈妈", None, ""),
    ("trailing full stop", "张三妈妈。", "ok", "P:张三:妈妈", None, ""),
    ("rare char 䶮 outside GBK", "刘䶮爸爸", "ok", "P:刘䶮:爸爸", None, ""),
    ("rare char 堃", "吴堃妈妈", "ok", "P:吴堃:妈妈", None, ""),
    ("rare char 喆", "王喆爸爸", "ok", "P:王喆:爸爸", None, ""),
    ("compound surname 欧阳", "欧阳娜娜妈妈", "ok", "P:欧阳娜娜:妈妈", None, ""),
    ("compound surname 司马", "司马云飞爸爸", "ok", "P:司马云飞:爸爸", None, ""),
    ("shorter of prefix names 陈晓", "陈晓妈妈", "ok", "P:陈晓:妈妈", None, ""),
    ("longer of prefix names 陈晓明", "陈晓明妈妈", "ok", "P:陈晓明:妈妈", None, ""),
    ("shorter of prefix names 李明", "李明爸爸", "ok", "P:李明:爸爸", None, ""),
    ("longer of prefix names 李明轩", "李明轩爸爸", "ok", "P:李明轩:爸爸", None, ""),
    ("longer prefix name alone", "李明轩", "ok", "P:李明轩:-", None, ""),
    ("twins in one nickname", "王一一王二二妈妈", "ok", "P:王一一+王二二:妈妈", None, ""),
    ("twins in the other order", "王二二王一一爸爸", "ok", "P:王二二+王一一:爸爸", None, ""),
    ("twins with a slash", "王一一/王二二妈妈", "ok", "P:王一一+王二二:妈妈", None, ""),
    ("same-name student with 学号 after", "张伟20妈妈", "ok", "P:张伟（20）:妈妈", None, ""),
    ("same-name student with 学号 before", "21张伟妈妈", "ok", "P:张伟（21）:妈妈", None, ""),
    ("same-name student with bracketed 学号", "张伟(20)爸爸", "ok", "P:张伟（20）:爸爸", None, ""),
    ("same-name student with unpadded 学号", "张伟21", "ok", "P:张伟（21）:-", None, ""),
    ("roster name with 於 kept as written", "於文妈妈", "ok", "P:於文:妈妈", None, ""),
    ("minority name with middle dot", "阿依古丽·买买提妈妈", "ok", "P:阿依古丽·买买提:妈妈",
     None, ""),
    ("minority name without the dot", "阿依古丽买买提妈妈", "ok", "P:阿依古丽·买买提:妈妈",
     None, ""),
    ("full-width Latin letters in relation-free name", "Ｅｍｉｌｙ Ｓｍｉｔｈ", "ok",
     "T:Emily Smith", None, ""),
    # --- rename: 的 and relation words ------------------------------------------------------
    ("的 inserted", "吴堃的妈妈", "rename", "P:吴堃:妈妈", "吴堃妈妈", ""),
    ("的 inserted for father", "张三的爸爸", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("single 妈", "张三妈", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("single 爸", "张三爸", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("slang 麻麻", "张三麻麻", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("slang 妈咪", "张三妈咪", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("slang 老妈", "张三老妈", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("formal 母亲", "张三母亲", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("slang 老爸", "张三老爸", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("slang 爸比", "张三爸比", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("slang 粑粑", "张三粑粑", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("formal 父亲", "张三父亲", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("dialect 爹", "张三爹", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("slang 爹地", "张三爹地", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("English Dad", "张三Dad", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("English daddy with space", "张三 daddy", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("English Papa", "张三Papa", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("English Mom", "张三Mom", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("English Mum", "张三 Mum", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("English Mommy", "张三Mommy", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("pinyin mama", "张三mama", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("pinyin baba", "张三baba", "rename", "P:张三:爸爸", "张三爸爸", ""),
    ("relation before the name", "妈妈张三", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("slang and 的 together", "吴堃的麻麻", "rename", "P:吴堃:妈妈", "吴堃妈妈", ""),
    ("longest name wins when renaming", "李明轩的爸爸", "rename", "P:李明轩:爸爸", "李明轩爸爸",
     ""),
    ("longest name wins with slang", "陈晓明麻麻", "rename", "P:陈晓明:妈妈", "陈晓明妈妈", ""),
    ("shorter prefix name with slang", "陈晓麻麻", "rename", "P:陈晓:妈妈", "陈晓妈妈", ""),
    # --- rename: relations the default policy does not allow -> the student's name alone ---
    ("grandmother allowed by default", "黄小米奶奶", "ok", "P:黄小米:奶奶", None, ""),
    ("grandfather allowed by default", "黄小米爷爷", "ok", "P:黄小米:爷爷", None, ""),
    ("maternal grandmother allowed by default", "林一诺外婆", "ok", "P:林一诺:外婆", None, ""),
    ("maternal grandfather allowed by default", "黄小米外公", "ok", "P:黄小米:外公", None, ""),
    ("姥姥 allowed by default", "黄小米姥姥", "ok", "P:黄小米:姥姥", None, ""),
    ("姥爷 allowed by default", "黄小米姥爷", "ok", "P:黄小米:姥爷", None, ""),
    ("家长 allowed by default", "黄小米家长", "ok", "P:黄小米:家长", None, ""),
    ("sibling outside the policy is asked for 家长, not the bare name", "黄小米哥哥", "rename",
     "P:黄小米:哥哥", "黄小米家长", ""),
    ("aunt outside the policy is asked for 家长", "黄小米小姨", "rename", "P:黄小米:小姨",
     "黄小米家长", ""),
    ("sister outside the policy is asked for 家长", "黄小米姐姐", "rename", "P:黄小米:姐姐",
     "黄小米家长", ""),
    ("grandmother with 的", "黄小米的奶奶", "rename", "P:黄小米:奶奶", "黄小米奶奶", ""),
    # --- rename: traditional characters, pinyin, homophones, given names ------------------
    ("traditional relation", "高梓萱媽媽", "rename", "P:高梓萱:妈妈", "高梓萱妈妈", ""),
    ("traditional name", "陳曉明媽媽", "rename", "P:陈晓明:妈妈", "陈晓明妈妈", ""),
    ("traditional name alone", "陳曉明", "rename", "P:陈晓明:-", "陈晓明", ""),
    ("pinyin name", "liangsicheng爸爸", "rename", "P:梁思成:爸爸", "梁思成爸爸", ""),
    ("pinyin name in camel case with English relation", "LiangSicheng mama", "rename",
     "P:梁思成:妈妈", "梁思成妈妈", ""),
    ("pinyin name upper case", "LIANGSICHENG爸爸", "rename", "P:梁思成:爸爸", "梁思成爸爸", ""),
    ("pinyin name with spaces", "liang si cheng 妈妈", "rename", "P:梁思成:妈妈", "梁思成妈妈",
     ""),
    ("pinyin name alone", "liangsicheng", "rename", "P:梁思成:-", "梁思成", ""),
    ("polyphonic surname 曾 read zeng", "zengxiaofan妈妈", "rename", "P:曾小凡:妈妈",
     "曾小凡妈妈", ""),
    ("polyphonic surname 单 read shan", "shantian爸爸", "rename", "P:单田:爸爸", "单田爸爸", ""),
    ("polyphonic surname 解 read xie", "xiexiaodong妈妈", "rename", "P:解晓东:妈妈",
     "解晓东妈妈", ""),
    ("polyphonic surname 朴 read piao", "piaozhimin爸爸", "rename", "P:朴智敏:爸爸",
     "朴智敏爸爸", ""),
    ("polyphonic surname 区 read ou", "oujiahao妈妈", "rename", "P:区家豪:妈妈", "区家豪妈妈", ""),
    ("compound surname in pinyin", "ouyangnana Mom", "rename", "P:欧阳娜娜:妈妈", "欧阳娜娜妈妈",
     ""),
    ("Han surname + pinyin given name", "刘yan爸爸", "rename", "P:刘䶮:爸爸", "刘䶮爸爸", ""),
    ("Han surname + pinyin given name + pinyin relation", "刘yanmama", "rename", "P:刘䶮:妈妈",
     "刘䶮妈妈", ""),
    ("compound Han surname + pinyin given name", "欧阳nana妈妈", "rename", "P:欧阳娜娜:妈妈",
     "欧阳娜娜妈妈", ""),
    ("polyphonic Han surname + pinyin given name", "曾xiaofan", "rename", "P:曾小凡:-",
     "曾小凡", ""),
    ("Han surname + pinyin of a teacher's given name", "李jianguo", "rename", "T:李建国",
     "李建国", ""),
    ("Han text + pinyin that names nobody", "王yy爸爸", "unknown", "-", None, ""),
    ("homophone 张珊 for 张三", "张珊妈妈", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("homophone 李思 for 李四", "李思爸爸", "rename", "P:李四:爸爸", "李四爸爸", ""),
    ("homophone 周洁 for 周杰", "周洁妈妈", "rename", "P:周杰:妈妈", "周杰妈妈", ""),
    ("homophone 宋雨彤 for 宋雨桐", "宋雨彤妈妈", "rename", "P:宋雨桐:妈妈", "宋雨桐妈妈", ""),
    ("homophone 曾 written 增", "增小凡爸爸", "rename", "P:曾小凡:爸爸", "曾小凡爸爸", ""),
    ("given name only", "小米妈妈", "rename", "P:黄小米:妈妈", "黄小米妈妈", ""),
    ("given name only, 思成", "思成爸爸", "rename", "P:梁思成:爸爸", "梁思成爸爸", ""),
    ("given name of compound surname", "娜娜妈妈", "rename", "P:欧阳娜娜:妈妈", "欧阳娜娜妈妈",
     ""),
    ("personal name of a minority name", "阿依古丽爸爸", "rename", "P:阿依古丽·买买提:爸爸",
     "阿依古丽·买买提爸爸", ""),
    # --- rename: extra text -------------------------------------------------------------------
    ("phone number appended", "张三妈妈13800138000", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("phone number with dashes", "张三妈妈 138-0013-8000", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("class appended", "张三妈妈-二年级", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("class prefixed", "三年二班张三妈妈", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("note in brackets", "张三妈妈（已缴费）", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("shop name appended", "张三妈妈童装店", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("short digits appended", "张三妈妈123", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("English name appended", "张三妈妈Lily", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("name written twice", "张三张三妈妈", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("letter prefix to sort to the top", "A张三妈妈", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("both parents on one account", "张三爸妈", "rename", "P:张三:-", "张三", ""),
    ("both relations written out", "张三爸爸妈妈", "rename", "P:张三:-", "张三", ""),
    ("allowed relation kept when another word comes in a note", "王喆爸爸（班长家长）",
     "rename", "P:王喆:爸爸", "王喆爸爸", ""),
    ("relation kept when a note follows with a relation word", "张三妈妈-三班家长群", "rename",
     "P:张三:妈妈", "张三妈妈", ""),
    ("both parents written after the name twice", "张三爸爸/张三妈妈", "rename", "P:张三:-",
     "张三", ""),
    ("relation word twice", "张三妈妈妈妈", "rename", "P:张三:妈妈", "张三妈妈", ""),
    ("twins joined with 和", "王一一和王二二妈妈", "rename", "P:王一一+王二二:妈妈",
     "王一一王二二妈妈", ""),
    ("parent claiming to be a teacher", "张三妈妈老师", "rename", "P:张三:妈妈", "张三妈妈",
     "impersonation"),
    ("student name with 老师", "张三老师", "rename", "P:张三:-", "张三", "impersonation"),
    ("student 学号 for a student without namesake", "张三01妈妈", "rename", "P:张三:妈妈",
     "张三妈妈", ""),
    # --- same-name students --------------------------------------------------------------------
    ("same-name student without 学号", "张伟妈妈", "rename", "P:张伟:妈妈",
     "张伟20妈妈 或 张伟21妈妈", "ambiguous"),
    ("same-name student alone", "张伟", "rename", "P:张伟:-", "张伟20 或 张伟21", "ambiguous"),
    ("same-name student with a 学号 nobody has", "张伟07爸爸", "rename", "P:张伟:爸爸",
     "张伟20爸爸 或 张伟21爸爸", "ambiguous"),
    ("homophone of the two same-name students", "张威妈妈", "rename", "P:张伟:妈妈",
     "张伟20妈妈 或 张伟21妈妈", "ambiguous"),
    ("same-name student with 号 and slang", "张伟20号麻麻", "rename", "P:张伟（20）:妈妈",
     "张伟20妈妈", ""),
    ("same-name student with 的", "张伟21的爸爸", "rename", "P:张伟（21）:爸爸", "张伟21爸爸", ""),
    # --- teachers ------------------------------------------------------------------------------
    ("head teacher's own name", "李建国", "ok", "T:李建国", None, ""),
    ("subject teacher's own name", "周文华", "ok", "T:周文华", None, ""),
    ("compound-surname teacher", "欧阳文", "ok", "T:欧阳文", None, ""),
    ("English teacher name", "Emily Smith", "ok", "T:Emily Smith", None, ""),
    ("English teacher name lower case", "emily smith", "ok", "T:Emily Smith", None, ""),
    ("English teacher name run together", "EmilySmith", "ok", "T:Emily Smith", None, ""),
    ("English teacher name upper case", "EMILY SMITH", "ok", "T:Emily Smith", None, ""),
    ("teacher name with emoji", "🌻李建国🌻", "ok", "T:李建国", None, ""),
    ("teacher name with 老师", "李建国老师", "rename", "T:李建国", "李建国", ""),
    ("teacher with subject prefix", "数学-李建国", "rename", "T:李建国", "李建国", ""),
    ("teacher with subject in brackets", "李建国（数学）", "rename", "T:李建国", "李建国", ""),
    ("teacher with role prefix", "班主任李建国", "rename", "T:李建国", "李建国", ""),
    ("English teacher with 老师", "Emily Smith老师", "rename", "T:Emily Smith", "Emily Smith", ""),
    ("English teacher with Miss", "Miss Emily Smith", "rename", "T:Emily Smith", "Emily Smith", ""),
    ("relation before a pinyin name", "mama liangsicheng", "rename", "P:梁思成:妈妈", "梁思成妈妈",
     ""),
    ("teacher name in traditional characters", "周文華", "rename", "T:周文华", "周文华", ""),
    ("teacher name in pinyin", "lijianguo", "rename", "T:李建国", "李建国", ""),
    ("teacher with phone number", "李建国13912345678", "rename", "T:李建国", "李建国", ""),
    ("surname + 老师, one teacher 周", "周老师", "rename", "T:周文华", "周文华", ""),
    ("surname + 老师, one teacher 李", "李老师", "rename", "T:李建国", "李建国", ""),
    ("compound surname + 老师", "欧阳老师", "rename", "T:欧阳文", "欧阳文", ""),
    ("given name + 老师", "建国老师", "rename", "T:李建国", "李建国", ""),
    ("subject + 老师", "数学老师", "rename", "T:李建国", "李建国", ""),
    ("another subject + 老师", "体育老师", "rename", "T:王芳", "王芳", ""),
    ("小 + surname + 老师", "小周老师", "rename", "T:周文华", "周文华", ""),
    ("surname + 老师 with no such teacher", "黄老师", "unknown", "-", None, "impersonation"),
    ("subject + 老师 with no such teacher", "化学老师", "unknown", "-", None, "impersonation"),
    ("surname + 老师 shared by two teachers", "王老师", "unknown", "-", None, "ambiguous"),
    ("bare 老师", "老师", "unknown", "-", None, "ambiguous"),
    ("English given name + 老师", "Emily老师", "rename", "T:Emily Smith", "Emily Smith", ""),
    ("English family name + 老师, lower case", "smith老师", "rename", "T:Emily Smith",
     "Emily Smith", ""),
    ("English family name + 老师", "Smith老师", "rename", "T:Emily Smith", "Emily Smith", ""),
    ("Ms + English family name", "Ms Smith", "rename", "T:Emily Smith", "Emily Smith", ""),
    ("Miss + English given name", "Miss Emily", "rename", "T:Emily Smith", "Emily Smith", ""),
    ("English family name + teacher", "Smith teacher", "rename", "T:Emily Smith",
     "Emily Smith", ""),
    ("English given name alone is not a teacher", "Emily", "unknown", "-", None, ""),
    ("Ms + an English name no teacher has", "Ms Brown", "unknown", "-", None, ""),
    ("English name no teacher has + 老师", "Brown老师", "unknown", "-", None, "impersonation"),
    ("teacher surname in pinyin + 老师", "Zhou老师", "rename", "T:周文华", "周文华", ""),
    ("shared teacher surname in pinyin + 老师", "wang老师", "unknown", "-", None, "ambiguous"),
    ("pinyin surname and relation is not a teacher", "limama", "unknown", "-", None, ""),
    ("班主任 alone while the head teacher is absent", "班主任", "rename", "T:李建国", "李建国", ""),
    ("班主任 with the head teacher's surname", "班主任-李", "rename", "T:李建国", "李建国", ""),
    ("班主任 with another surname", "班主任-王", "unknown", "-", None, "impersonation"),
    # --- unknown -------------------------------------------------------------------------------
    ("flowery nickname", "花开富贵", "unknown", "-", None, ""),
    ("English given name", "Lily", "unknown", "-", None, ""),
    ("WeChat default name", "微信用户", "unknown", "-", None, ""),
    ("surname with 老", "老王", "unknown", "-", None, ""),
    ("relation only", "妈妈", "unknown", "-", None, ""),
    ("emoji only", "🌸🌸", "unknown", "-", None, ""),
    ("empty nickname", "", "unknown", "-", None, ""),
    ("blank nickname", "   ", "unknown", "-", None, ""),
    ("宝妈", "宝宝妈", "unknown", "-", None, ""),
    ("proverb", "静待花开", "unknown", "-", None, ""),
    ("digits only", "123456", "unknown", "-", None, ""),
    ("motto", "阳光总在风雨后", "unknown", "-", None, ""),
    ("inactive student's parent", "赵六妈妈", "unknown", "-", None, ""),
    ("surname + 妈妈 is not enough", "张妈妈", "unknown", "-", None, ""),
    ("小 + surname", "小张", "unknown", "-", None, ""),
    ("English name", "Jenny", "unknown", "-", None, ""),
    ("smileys", "😊😊", "unknown", "-", None, ""),
    ("generic parent", "一年级家长", "unknown", "-", None, ""),
    ("Lilian is not 李丽 read in pinyin", "Lilian", "unknown", "-", None, ""),
    ("unrelated homophone-ish word", "心如止水", "unknown", "-", None, ""),
]

# Checked under the notice's literal 爸爸/妈妈 (设置 can still narrow a class to it): any other
# relation is asked to write the student's name alone (家长 is not allowed either).
NOTICE_CASES = [
    ("grandmother not allowed", "黄小米奶奶", "rename", "P:黄小米:奶奶", "黄小米", ""),
    ("grandfather not allowed", "黄小米爷爷", "rename", "P:黄小米:爷爷", "黄小米", ""),
    ("maternal grandmother not allowed", "黄小米外婆", "rename", "P:黄小米:外婆", "黄小米", ""),
    ("maternal grandfather not allowed", "黄小米外公", "rename", "P:黄小米:外公", "黄小米", ""),
    ("姥姥 not allowed", "黄小米姥姥", "rename", "P:黄小米:姥姥", "黄小米", ""),
    ("姥爷 not allowed", "黄小米姥爷", "rename", "P:黄小米:姥爷", "黄小米", ""),
    ("家长 not allowed", "黄小米家长", "rename", "P:黄小米:家长", "黄小米", ""),
    ("sibling not allowed", "黄小米哥哥", "rename", "P:黄小米:哥哥", "黄小米", ""),
    ("grandmother with 的", "黄小米的奶奶", "rename", "P:黄小米:奶奶", "黄小米", ""),
    ("notice policy: still the bare name for an aunt", "黄小米小姨", "rename", "P:黄小米:小姨",
     "黄小米", ""),
    ("notice policy: parents unchanged", "张三妈妈", "ok", "P:张三:妈妈", None, ""),
]

WIDE_CASES = [
    ("wide policy allows 奶奶", "黄小米奶奶", "ok", "P:黄小米:奶奶", None, ""),
    ("wide policy allows 爷爷", "黄小米爷爷", "ok", "P:黄小米:爷爷", None, ""),
    ("wide policy allows 外婆", "黄小米外婆", "ok", "P:黄小米:外婆", None, ""),
    ("wide policy still not 姥姥", "黄小米姥姥", "rename", "P:黄小米:姥姥", "黄小米", ""),
    ("wide policy: slang 奶 becomes 奶奶", "黄小米奶", "rename", "P:黄小米:奶奶", "黄小米奶奶", ""),
    ("wide policy allows 老师 affix", "李建国老师", "ok", "T:李建国", None, ""),
    ("wide policy allows subject prefix", "数学-李建国", "ok", "T:李建国", None, ""),
    ("wide policy allows role prefix", "班主任李建国", "ok", "T:李建国", None, ""),
    ("wide policy: phone is still extra", "李建国13912345678", "rename", "T:李建国", "李建国", ""),
    ("wide policy: bare title still needs the name", "周老师", "rename", "T:周文华", "周文华", ""),
    ("wide policy: parents unchanged", "张三妈妈", "ok", "P:张三:妈妈", None, ""),
]

# (id, nicknames, position to assert, status, identity, suggestion, flags) — group context.
GROUP_CASES = [
    ("two identical mothers are both flagged, first", ["宋雨桐妈妈", "宋雨桐妈妈"], 0, "ok",
     "P:宋雨桐:妈妈", None, "duplicate"),
    ("two identical mothers are both flagged, second", ["宋雨桐妈妈", "宋雨桐妈妈"], 1, "ok",
     "P:宋雨桐:妈妈", None, "duplicate"),
    ("a renamed duplicate is flagged too", ["宋雨桐妈妈", "宋雨桐麻麻"], 1, "rename",
     "P:宋雨桐:妈妈", "宋雨桐妈妈", "duplicate"),
    ("mother and father are not duplicates", ["宋雨桐妈妈", "宋雨桐爸爸"], 1, "ok",
     "P:宋雨桐:爸爸", None, ""),
    ("name alone and mother are not duplicates", ["宋雨桐", "宋雨桐妈妈"], 0, "ok",
     "P:宋雨桐:-", None, ""),
    ("name alone twice is allowed: both parents may use it", ["宋雨桐", "宋雨桐"], 1, "ok",
     "P:宋雨桐:-", None, ""),
    ("first bearer of a teacher's name keeps it", ["李建国", "李建国"], 0, "ok", "T:李建国", None,
     "duplicate"),
    ("second bearer of a teacher's name is an impostor", ["李建国", "李建国"], 1, "unknown",
     "-", None, "duplicate impersonation"),
    ("班主任 while the head teacher is present", ["李建国", "张三妈妈", "班主任"], 2, "unknown",
     "-", None, "duplicate impersonation"),
    ("班主任 listed before the head teacher", ["班主任", "李建国"], 0, "unknown", "-", None,
     "duplicate impersonation"),
    ("title claim while the teacher is present", ["周文华", "周老师"], 1, "unknown", "-",
     None, "duplicate impersonation"),
    ("title claim in English while the teacher is present", ["Emily Smith", "Ms Smith"], 1,
     "unknown", "-", None, "duplicate impersonation"),
    ("English teacher name twice in other case", ["Emily Smith", "emily smith"], 1, "unknown",
     "-", None, "duplicate impersonation"),
    ("two mothers of the two 张伟 are not duplicates", ["张伟妈妈", "张伟妈妈"], 1, "rename",
     "P:张伟:妈妈", "张伟20妈妈 或 张伟21妈妈", "ambiguous"),
    ("the two 张伟 told apart by 学号", ["张伟20妈妈", "张伟21妈妈"], 1, "ok",
     "P:张伟（21）:妈妈", None, ""),
]

# (id, visible part, status, identity, suggestion, flags) — names WeChat cut with “…”.
TRUNCATED_CASES = [
    ("visible part begins exactly one name", "欧阳娜", "ok", "P:欧阳娜娜:-", None, "truncated"),
    ("visible part could be 陈晓 or 陈晓明", "陈晓", "unknown", "-", None, "truncated"),
    ("visible part could be 李明 or 李明轩", "李明", "unknown", "-", None, "truncated"),
    ("visible part beyond the longer name", "李明轩爸", "ok", "P:李明轩:爸爸", None, "truncated"),
    ("visible pinyin prefix", "liangsich", "rename", "P:梁思成:-", "梁思成", "truncated"),
    ("visible relation start", "张三妈", "ok", "P:张三:妈妈", None, "truncated"),
    ("visible 的 is already wrong", "吴堃的妈", "rename", "P:吴堃:妈妈", "吴堃妈妈", "truncated"),
    ("visible teacher name start", "李建", "ok", "T:李建国", None, "truncated"),
    ("one character fits many", "王", "unknown", "-", None, "truncated"),
    ("nothing fits", "花开富", "unknown", "-", None, "truncated"),
    ("compound surname with relation start", "司马云飞爸", "ok", "P:司马云飞:爸爸", None,
     "truncated"),
    ("same-name student cut", "张伟妈", "rename", "P:张伟:妈妈", "张伟20妈妈 或 张伟21妈妈",
     "ambiguous truncated"),
    ("emoji before a cut name", "🌸欧阳娜", "ok", "P:欧阳娜娜:-", None, "truncated"),
    ("pinyin prefix of two same-name students", "zhangw", "unknown", "-", None, "truncated"),
    ("same-name student with a cut 学号", "张伟2", "rename", "P:张伟:-", "张伟20 或 张伟21",
     "ambiguous truncated"),
    ("a twin's name, then the start of several names", "王一一王", "unknown", "-", None,
     "truncated"),
    ("a cut 外 may be 外婆 or 外公, both allowed by default", "黄小米外", "ok", "P:黄小米:-",
     None, "truncated"),
    ("a cut allowed relation word", "黄小米妈", "ok", "P:黄小米:妈妈", None, "truncated"),
]


def _assert_verdict(v, status, identity, suggestion, flags):
    assert (v.status, v.identity, v.suggestion, set(v.flags)) == (
        status, ident(identity), suggestion, set(flags.split())), v.reason
    assert v.reason  # every verdict says why, in a sentence


@pytest.mark.parametrize(("nickname", "status", "identity", "suggestion", "flags"),
                         [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_single_member_verdict(nickname, status, identity, suggestion, flags):
    result = check_members(ROSTER, [nickname])
    _assert_verdict(result.verdicts[0], status, identity, suggestion, flags)


@pytest.mark.parametrize(("nickname", "status", "identity", "suggestion", "flags"),
                         [pytest.param(*c[1:], id=c[0]) for c in WIDE_CASES])
def test_verdict_under_a_wider_policy(nickname, status, identity, suggestion, flags):
    result = check_members(ROSTER, [nickname], WIDE)
    _assert_verdict(result.verdicts[0], status, identity, suggestion, flags)


@pytest.mark.parametrize(("nickname", "status", "identity", "suggestion", "flags"),
                         [pytest.param(*c[1:], id=c[0]) for c in NOTICE_CASES])
def test_verdict_under_the_notices_literal_policy(nickname, status, identity, suggestion, flags):
    result = check_members(ROSTER, [nickname], NOTICE)
    _assert_verdict(result.verdicts[0], status, identity, suggestion, flags)


@pytest.mark.parametrize(("nicknames", "at", "status", "identity", "suggestion", "flags"),
                         [pytest.param(*c[1:], id=c[0]) for c in GROUP_CASES])
def test_verdict_in_group_context(nicknames, at, status, identity, suggestion, flags):
    result = check_members(ROSTER, nicknames)
    _assert_verdict(result.verdicts[at], status, identity, suggestion, flags)


@pytest.mark.parametrize(("visible", "status", "identity", "suggestion", "flags"),
                         [pytest.param(*c[1:], id=c[0]) for c in TRUNCATED_CASES])
def test_truncated_nickname(visible, status, identity, suggestion, flags):
    result = check_members(ROSTER, [MemberInput(visible + "…", truncated=True)])
    _assert_verdict(result.verdicts[0], status, identity, suggestion, flags)


def test_a_cut_relation_word_the_notice_policy_does_not_allow():
    result = check_members(ROSTER, [MemberInput("黄小米外…", truncated=True)], NOTICE)
    _assert_verdict(result.verdicts[0], "rename", "P:黄小米:-", "黄小米", "truncated")


def test_table_is_large_enough():
    tables = (CASES, NOTICE_CASES, WIDE_CASES, GROUP_CASES, TRUNCATED_CASES)
    assert sum(len(t) for t in tables) >= 150


# --- class-level findings, confirmations, output shape ------------------------------------


def test_students_without_guardian_counts_only_parents_naming_the_student():
    result = check_members(ROSTER, ["张三妈妈", "李四麻麻", "王一一王二二爸爸", "李建国",
                                    "张伟20妈妈", "张伟妈妈", "花开富贵"])
    missing = set(result.students_without_guardian)
    assert {"张三", "李四", "王一一", "王二二", "张伟（20）"}.isdisjoint(missing)
    assert "张伟（21）" in missing  # the ambiguous member reaches neither 张伟 for sure
    assert "周杰" in missing and "赵六" not in missing  # inactive students are not expected
    assert len(missing) == len(STUDENTS) - 5


def test_counts_by_status():
    result = check_members(ROSTER, ["张三妈妈", "张三妈", "花开富贵", "李建国", ""])
    assert result.counts == {"ok": 2, "rename": 1, "unknown": 2}


def test_members_above_the_policy_limit_are_reported():
    members = ["张三妈妈", "张三爸爸", "张三", "张三奶奶", "张三爷爷", "李四妈妈"]
    assert check_members(ROSTER, members).over_limit == ("张三",)
    assert check_members(ROSTER, members, NamingPolicy(max_members_per_student=5)).over_limit == ()


def test_confirmed_nickname_is_ok_with_the_stored_label():
    result = check_members(ROSTER, ["🌸小米奶奶🌸", "花开富贵"],
                           confirmations={"小米奶奶": "黄小米奶奶（家委会）"})
    v = result.verdicts[0]
    assert (v.status, v.flags) == ("ok", ("confirmed",))
    assert v.identity == Identity("parent", None, ("黄小米",), "奶奶")
    assert "已由老师人工确认" in v.reason and "家委会" in v.reason
    assert "黄小米" not in result.students_without_guardian
    assert result.verdicts[1].status == "unknown"


def test_confirmation_with_an_unreadable_label_has_no_identity():
    result = check_members(ROSTER, ["Lily"], confirmations={"lily": "学校安排的心理老师"})
    v = result.verdicts[0]
    assert (v.status, v.flags, v.identity.kind) == ("ok", ("confirmed",), None)


def test_result_json_shape_keeps_input_order_and_duplicates():
    members = ["张三妈妈", "张三妈妈", "Lily"]
    d = check_members(ROSTER, members).to_dict()
    assert d["class"] == "三年级2班"
    assert [m["nickname"] for m in d["members"]] == members
    assert [m["position"] for m in d["members"]] == [1, 2, 3]
    assert set(d["members"][0]) >= {"nickname", "status", "identity", "suggestion", "flags",
                                    "reason"}
    assert d["members"][0]["identity"] == {"kind": "parent", "teacher": None,
                                           "students": ["张三"], "relation": "妈妈"}
    assert d["counts"] == {"ok": 2, "rename": 0, "unknown": 1}
    assert isinstance(d["students_without_guardian"], list)


def test_phone_numbers_are_masked_in_reasons():
    v = check_members(ROSTER, ["张三妈妈13800138000"]).verdicts[0]
    assert "138****8000" in v.reason and "13800138000" not in v.reason


def test_policy_round_trips_and_tolerates_bad_data():
    p = NamingPolicy(relations=("爸爸", "妈妈", "奶奶"), teacher_affix_allowed=True,
                     max_members_per_student=6)
    assert NamingPolicy.from_dict(p.to_dict()) == p
    assert NamingPolicy.from_dict(None) == NamingPolicy()
    assert NamingPolicy.from_dict({"relations": "爸爸、妈妈，爷爷"}).relations == (
        "爸爸", "妈妈", "爷爷")
    assert NamingPolicy.from_dict({"max_members_per_student": "x"}).max_members_per_student == 4


def test_confirmed_label_with_only_a_teacher_title_names_no_teacher():
    result = check_members(ROSTER, ["保卫处"], confirmations={"保卫处": "学校保卫处周老师"})
    assert result.verdicts[0].identity == Identity()
    assert result.verdicts[0].status == "ok"


def test_one_character_roster_name_does_not_match_inside_nicknames():
    roster = ClassRoster("x", students=(Student("花"), Student("张三")))
    result = check_members(roster, ["花开富贵", "花", "张三妈妈"])
    assert [v.status for v in result.verdicts] == ["unknown", "ok", "ok"]


def test_rosters_and_policies_built_with_lists_still_work():
    roster = ClassRoster("x", students=[Student("张三", guardians=[])], teachers=[])  # type: ignore[arg-type]
    policy = NamingPolicy(relations=["爸爸", "妈妈", "奶奶"])  # type: ignore[arg-type]
    assert [v.status for v in check_members(roster, ["张三奶奶"], policy).verdicts] == ["ok"]


SHARED_GIVEN = ClassRoster("x", students=(Student("张诗涵", "01"), Student("李诗涵", "02"),
                                          Student("王子轩", "03")))


@pytest.mark.parametrize(("nickname", "status", "identity", "suggestion", "flags"), [
    pytest.param("诗涵妈妈", "unknown", "-", None, "ambiguous", id="given name of two students"),
    pytest.param("诗涵", "unknown", "-", None, "ambiguous", id="shared given name alone"),
    pytest.param("子轩爸爸", "rename", "P:王子轩:爸爸", "王子轩爸爸", "", id="unshared given name"),
])
def test_given_name_shared_by_several_students(nickname, status, identity, suggestion, flags):
    v = check_members(SHARED_GIVEN, [nickname]).verdicts[0]
    _assert_verdict(v, status, identity, suggestion, flags)
    if flags:
        assert "张诗涵、李诗涵" in v.reason and "加上姓" in v.reason


@pytest.mark.parametrize(("nickname", "quoted"), [
    pytest.param("A张伟20爸爸", "多了“A”", id="letter prefix quoted in its case"),
    pytest.param("张三妈妈Lily", "多了“Lily”", id="English name quoted in its case"),
    pytest.param("张三Mom", "称谓“Mom”应写作“妈妈”", id="English relation quoted in its case"),
    pytest.param("ＡＢ张三妈妈", "多了“ＡＢ”", id="full-width letters quoted as written"),
    pytest.param("Brown老师", "叫“Brown”的", id="unknown English name with a title"),
    pytest.param("李思 爸爸", "“李思”与花名册上的“李四”用字不同", id="homophone quoted"),
])
def test_reasons_quote_the_nickname_as_written(nickname, quoted):
    assert quoted in check_members(ROSTER, [nickname]).verdicts[0].reason


TWINS = ClassRoster("x", students=(Student("王一一", "01"), Student("王二二", "02"),
                                   Student("李喆", "03"), Student("张伟", "04"),
                                   Student("张伟", "05")))


@pytest.mark.parametrize(("visible", "status", "identity", "suggestion", "flags"), [
    pytest.param("王一一王", "ok", "P:王一一+王二二:-", None, "truncated",
                 id="a twin's name and the start of the other twin's"),
    pytest.param("王一一王二", "ok", "P:王一一+王二二:-", None, "truncated",
                 id="twins, the second name cut inside"),
    pytest.param("王一一李", "ok", "P:王一一+李喆:-", None, "truncated",
                 id="a parent of two students, the second cut after the surname"),
    pytest.param("zhangw", "unknown", "-", None, "truncated", id="pinyin of two 张伟 cut"),
    pytest.param("王一一的", "rename", "P:王一一:-", "王一一", "truncated",
                 id="a visible 的 is wrong whatever follows"),
])
def test_truncated_name_is_read_as_a_prefix(visible, status, identity, suggestion, flags):
    v = check_members(TWINS, [MemberInput(visible + "…", truncated=True)]).verdicts[0]
    _assert_verdict(v, status, identity, suggestion, flags)
    assert "显示不全" in v.reason
    assert "多了“王" not in v.reason and "多了“李" not in v.reason  # the cut tail is no extra
    if status == "ok":
        assert "按可见部分判断为" in v.reason and "请在微信中核对完整昵称" in v.reason
    if status == "unknown":
        assert "张伟（04）、张伟（05）" in v.reason


def test_several_students_fit_the_cut_tail_are_listed():
    v = check_members(ROSTER, [MemberInput("王一一王…", truncated=True)]).verdicts[0]
    assert v.status == "unknown" and "王一一王二二、王一一王喆" in v.reason


def test_trailing_ellipsis_marks_a_name_truncated_without_the_flag():
    v = check_members(ROSTER, ["欧阳娜…"]).verdicts[0]
    assert (v.status, v.flags) == ("ok", ("truncated",))
    assert v.identity == ident("P:欧阳娜娜:-")


def test_dots_alone_are_no_cut_name():
    v = check_members(ROSTER, ["……"]).verdicts[0]
    assert (v.status, v.flags) == ("unknown", ())


def test_same_truncated_text_several_times_is_flagged_duplicate():
    members = [MemberInput("欧阳娜娜…", truncated=True)] * 3 + [MemberInput("张三妈妈")]
    verdicts = check_members(ROSTER, members).verdicts
    assert [set(v.flags) for v in verdicts] == [{"truncated", "duplicate"}] * 3 + [set()]
    assert "第 2、3 位" in verdicts[0].reason


def test_homophone_of_several_different_students_names_them():
    roster = ClassRoster("x", students=(Student("张三", "01"), Student("张珊", "02")))
    v = check_members(roster, ["张山妈妈"]).verdicts[0]
    assert (v.status, v.flags) == ("unknown", ("ambiguous",))
    assert "张三、张珊" in v.reason and "用字" in v.reason
