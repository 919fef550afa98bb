"""Patterns and small pure helpers of the genre: markers, headings, labels, title cores."""

import re
from functools import lru_cache

from importer.vocabulary import (
    ACTIVITY_WORDS,
    LABEL_PATTERN,
    LABELS,
    NOT_TITLES,
    TITLE_TAIL,
    TITLE_WORD_PATTERN,
)

CN_NUM = "一二三四五六七八九十"


SUB_DOCUMENT = re.compile(rf"^第[{CN_NUM}\d]+篇\s*[::]?\s*(.*)$")


# Item markers: 1、 1. 8.1.1 (一) 一、 a. ◆ ● ○ 1) ?
MARKER = re.compile(
    rf"^(?:[◆●■▲◇·•♦\-‧∙・▪►▶➢➤✔✓√☆★※◎◉⊙□▍▌▐│┃❖]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳](?=[\u4e00-\u9fff])"
    rf"|\d+(?:\.\d+)+(?![\d.])|\d+(?:\.\d+)*[、.．)]|\d{{1,2}}。(?=[\u4e00-\u9fff])|\d+(?:\.\d+)+|[(（][{CN_NUM}\d]+[)）]|[{CN_NUM}]+、|[a-zA-Z][.、)]|、)\s*"
)


FIELD_KEYS = (
    "直接上级|直属上级|直接下级|直接下属|岗位名称|职位名称|工作概述|本职工作|职位概要|"
    "管理权限|岗位要求|任职资格|任职要求|任职条件|主要职责|岗位职责|工作职责|工作责任|考核指标|绩效考核|"
    "流程名称|流程代号|主管部门|流程说明|工作流程|岗位性质|管理责任|所属部门|岗位编制|职务名称|直接责任|"
    "部门职责|岗位描述|部门性质|管理职能|下属岗位模块|职位描述|工作内容|岗位设置|岗位说明书"
)


# A label needs its colon unless it stands alone or before a blank ('绩效考核管理办法' is no label);
# names and superiors follow their label directly in flattened tables ('直接上级总经理').
FIELD = re.compile(
    rf"^(?:\d+[、.]\s*)?((?:{FIELD_KEYS})(?=\s*[::]|\s|$)|直接上级|直属上级|直接下级|直接下属|岗位名称|职位名称)"
    r"\s*[::]?\s*(.*)$"
)


# Where one line runs several items together, these are the seams.
INLINE_SPLIT = re.compile(
    "|".join(
        (
            r"(?:(?<=[;；。!？?])\s*|\s+)(?=[◆●]|\d{1,3}[、.](?!\d)|[a-hA-H][.、)](?=[\u4e00-\u9fff])"
            r"|\d{1,2}[)。](?=[\u4e00-\u9fff]))",
            # '营运部经理岗位职责 岗位职责及工作范围:': a heading, then its text on the same line.
            r"(?<=岗位职责)\s+(?=\S)|(?<=工作职责)\s+(?=\S)",
            # Document-sharing previews squeeze a whole document into one line:
            # '…如下。二、采购中心(一)部门职责…(二)岗位职责1.采购总监直接上级:总经理①制定…;②…'.
            r"(?<=[。;；])(?=[一二三四五六七八九十]+、)",
            r"(?<=[。;；:\u4e00-\u9fff])(?=\([一二三四五六七八九十]+\)[\u4e00-\u9fff])",
            r"(?<=\)岗位职责)(?=\d{1,2}[、.](?!\d))",
            r"(?<=部门职责)(?=[\u4e00-\u9fff])",
            r"(?=[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳](?=[\u4e00-\u9fff]))",
            # '…听取意见。业务副园长岗位职责一、…': the next description's heading glued after a sentence.
            r"(?<=[。;；])(?=[^\s。;；:,，]{2,12}岗位职责(?:[一二三四五六七八九十]+、|\d|:|$))",
            # '…安全。库管员:办理…;…。扫描员:…': the next position named after a sentence ends.
            rf"(?<=[。;；:])(?=[^\s。;；:,，]{{0,10}}(?:{TITLE_WORD_PATTERN}):)",
            # '(1)统筹…;(2)拟备…;及(3)…': bracketed numbers after a semicolon.
            r"(?<=[;；])\s*(?:及|和)?\s*(?=[(（]\d{1,2}[)）])",
            # 'Team: 运动控制组 | Reports to: 嵌入式负责人': fields side by side, split at the bars.
            r"\s*[|｜]\s*(?=[^|｜:]{1,16}:)",
            # ' (二)营销总监': a Chinese outline number in brackets after a blank.
            r"\s+(?=[(（][一二三四五六七八九十]+[)）])",
            # ' 营运部经理岗位职责 …': the next description's heading inside run-together text.
            r"(?:(?<=[\u4e00-\u9fff]{3})(?<![条章节篇])|(?<=[。;；:)]))\s+"
            r"(?=[^\s::;；,,。]{2,14}?(?:岗位职责|职责)(?:\s|[::]))",
            r"(?=[◆●○])",
            r"&",
            r"(?=岗位要求)",
            r"(?<=职责)(?=[一二三四五六七八九十]+、)",
            r"(?<=[。;；])(?=工作流程[::]|流程代号[::]|主管部门[::])",
            # '…执行。任职要求:1、…': the next labelled block glued to the end of a sentence.
            rf"(?<=[。;；])(?=(?:{LABEL_PATTERN})[::])",
            r"(?<=岗位职责\d)(?=1[、.])",
            # ' 二、岗位设置', ' 1.1订货助理': outline numbers after a blank.
            r"\s+(?=[一二三四五六七八九十]+、|\d+\.\d+[\u4e00-\u9fff])",
            # ' 流程代号:SC-003', ' 任职资格:': a labelled field after a blank; '…职位代码直属上级:'.
            rf"\s+(?=(?:{FIELD_KEYS})[::])",
            r"(?=直[接属]上级[::])",
            # ' 中心常务副总:(樊昕)': the next incumbent's heading.
            r"\s+(?=[\u4e00-\u9fff]{2,12}[::]\s*[(（][\u4e00-\u9fff]{2,4}[)）])",
            # '营运部总监一名; 经营效率经理一名;': a staffing list.
            r"(?<=名[;；])\s*(?=\S)|\s+(?=[^\s;；]{2,16}名[;；])",
        )
    )
)


POSITION_SUFFIX = (
    "经理|总监|主管|专员|助理|担当|员|长|主任|师|总|秘书|企划|文员|会计|出纳|顾问|代表|策划|"
    "管理|培训|设计|发布|干事|司机|保安|领班|负责人|督导|内勤"
)


ROLE_SUFFIX = (
    "经理|总监|主管|专员|助理|担当|员|长|主任|师|总|秘书|文员|会计|出纳|顾问|代表|干事|司机|领班|负责人|督导|"
    "内勤"
)


TITLE_POSITION = re.compile(rf"^(.{{2,12}}?(?:{ROLE_SUFFIX}))(?:岗位职责|具体工作|工作职责|职责|工作流程)")


POSITION_HEADING = re.compile(
    rf"^[○\[【]?\s*(?:[{CN_NUM}]+、|\d+[、.])?\s*((?=..).{{0,24}}?(?:{POSITION_SUFFIX}))\s*"
    r"(?:岗位职责|工作职责|职责|岗位说明书|岗位)?\s*[\]】]?\s*[::]?$"
)


BRACKET_HEADING = re.compile(r"^[○\[【]\s*(.{1,30}?)\s*(?:岗位职责|职责)?\s*[\]】]?$")


# '销售部岗位职责二', '总监助理岗位职责6': numbered variants of one description, one after another.
VARIANT_HEADING = re.compile(rf"^(.{{1,12}}?)岗位职责([{CN_NUM}]+|\d)$")


UNIT_HEADING = re.compile(
    r"^([^:]{1,14}?(?:本部|部|处|中心|室|科|组))(?:职能|职责|各岗位职责|岗位职责|工作职责)?$"
)


INCUMBENT = re.compile(
    r"^(.{2,20}?)\s*(?:[::]\s*[(（]([\u4e00-\u9fff]{2,4})[)）]|[—－]+\s*([\u4e00-\u9fff]{2,4}))$"
)


WORD = re.compile(r"[^\W_]")


PUNCT = set(",，;；。、!！?？")


SUB_HEADING_MAX = 16


# An unfinished line this long was wrapped by the web page, not ended by its author.
WRAPPED_MIN = 24


UNIT_NUMBERING = re.compile(
    rf"^(?:第[{CN_NUM}\d]+(?:章|节|部分|篇)|[{CN_NUM}]+[、.]|[(（][{CN_NUM}]+[)）])\s*[::]?\s*"
)


UNIT_KIND = (("中心", "centre"), ("处", "section"), ("组", "team"))


def unit_kind(name: str) -> str:
    for suffix, kind in UNIT_KIND:
        if name.endswith(suffix):
            return kind
    return "department"


def split_people(text: str) -> list[str]:
    text = re.sub(r"[(（]无[)）]|^无$", "", text).strip(" 。;；")
    people = [p.strip() for p in re.split(r"[、,，/和及]|以及", text) if p.strip()]
    # '营销部经理和副经理': the second shares the first one's unit prefix.
    prefix = re.match(r"^(.+?(?:部|中心|处))", people[0]) if people else None
    if prefix:
        people = [people[0]] + [
            p if p.startswith(prefix.group(1)) or len(p) > 4 else prefix.group(1) + p for p in people[1:]
        ]
    return people


ROLE_END = re.compile(f"(?:{ROLE_SUFFIX})$")


DATE_LINE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$"
)


BARE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


# '营运部总监一名;' in a staffing list (岗位设置): a position and its headcount.
HEADCOUNT = re.compile(rf"^(.{{2,16}}?)([{CN_NUM}两]|\d+)\s*名[;；。]?$")


def count_of(text: str) -> int:
    return int(text) if text.isdigit() else (CN_NUM.index(text) + 1 if text in CN_NUM else 2)


# '设计总监具体工作要求和权利:' / '设计总监的工作任务': a section of the current position.
SECTION_HEADING = re.compile(r"^(.{0,12}?)的?(?:具体)?(工作要求和权利|工作要求|工作任务)[::]?$")


# Step chains: 'A---B---C', 'A——B——C', 'A—B—C'. Times ('17 : 30 —18 : 00') are no chain.
CHAIN_SEPARATOR = re.compile(r"\s*(?:-{3,}|—{1,2}|→)\s*")


LEADING_MARK = re.compile(
    rf"^(?:第[{CN_NUM}\d]+[条章节部分篇]\s*[::]?|[(（][{CN_NUM}\d]{{1,3}}[)）]|[{CN_NUM}]{{1,3}}\s*[、.．]|"
    r"\d{1,3}(?:\.\d{1,2})*\s*[、.．)）]?|[◆●■▲◇·•♦○★☆▪※\-]|[A-Za-z][.、)])\s*"
)


GLOSS = re.compile(r"\s*[(（][A-Za-z][\w .&/,'+-]*[)）]|\s+[A-Za-z][A-Za-z .&/'+-]*$")


TITLE_END = re.compile(rf"(?:{TITLE_WORD_PATTERN})$")


DUTY_VERB = re.compile(
    r"^(?:负责|协助|配合|完成|组织|参与|制定|执行|做好|督促|监督|指导|按照|根据|及时|定期|对接|服从|听从|"
    r"接受|汇报|报告|协调|带领|向|对|按|做|为|与|和|及|并|是|由|在|将|把|如|若|当|凡|各|本|该|其)"
)


# More verbs that open a duty; some also open a short title (监控员, 审核员), so only for longer lines.
LONG_DUTY_VERB = re.compile(
    r"^(?:发现|参加|检查|审核|审批|编制|编写|建立|落实|开展|收集|整理|保持|确保|保证|办理|处理|受理|跟进|"
    r"监控|核对|熟悉|了解|掌握|具有|具备)"
)


SENTENCE_PUNCT = set(",，;；。!！?？")


BRACKETS, COLONS = "【】[]〔〕<>《》「」 ", "::"


@lru_cache(maxsize=8192)
def title_core(text: str) -> str:
    """'### 3. 产品经理（Product Manager）岗位职责:' → '产品经理'."""
    core = LEADING_MARK.sub("", text.strip(), count=1).strip()
    core = core.strip(BRACKETS).rstrip(COLONS).strip().rstrip(BRACKETS).strip()
    # 'Founding Product Designer / 创始产品设计师': the Chinese half of a bilingual title.
    halves = re.split(r"\s*[/／|｜]\s*", core)
    if len(halves) == 2 and any(re.fullmatch(r"[A-Za-z][\w .&'()+-]*", h) for h in halves):
        core = next(h for h in halves if not re.fullmatch(r"[A-Za-z][\w .&'()+-]*", h))
    core = GLOSS.sub("", GLOSS.sub("", core)).strip()  # twice: 'X Field Engineer (FAE)'
    # '车辆调度专员(运营中心)', '受雇律师(诉讼部)': the unit or a note in brackets after the title.
    bracketed = re.match(r"^(.{2,16}?)\s*\([^()]{1,12}\)$", core)
    if bracketed and TITLE_END.search(bracketed.group(1)):
        core = bracketed.group(1)
    for _ in range(2):
        core = TITLE_TAIL.sub("", core).strip()
    core = re.sub(r"(?:如下|的)$", "", core)
    core = TITLE_TAIL.sub("", core).strip()
    return core.strip(BRACKETS + COLONS).strip()


@lru_cache(maxsize=8192)
def is_title(core: str) -> bool:
    """A position's name: short, no sentence punctuation, ends with a title word, not a duty or label."""
    if not 2 <= len(core) <= 18 or set(core) & SENTENCE_PUNCT or core in LABELS or "的" in core:
        return False
    # '现场QA', 'IT主管': an English acronym after Chinese names a post too.
    acronym = re.fullmatch(r"[\u4e00-\u9fff]{2,8}(?:QA|QC|QE|PE|HR|IT|PM|AE|BD|CEO|CFO|CTO|COO)", core)
    if not (TITLE_END.search(core) or acronym) or re.search(r"\d{2,}|[%％]", core):
        return False
    if NOT_TITLES.search(core):
        return False  # 员工, 教职工, 管理人员: everyone, not one position
    if DUTY_VERB.match(core) and not TITLE_END.fullmatch(core):
        return False
    if LONG_DUTY_VERB.match(core) and len(core) > 5:
        return False
    return not re.search(r"(?:工作|管理|负责|进行|协助|完成)(?:的)?(?:员)?$", core) or TITLE_END.fullmatch(
        core
    )


def activity_title(core: str) -> bool:
    """'运营策划', '商城管理' before 职责: a post named after its work."""
    return (
        2 < len(core) <= 8
        and core.endswith(tuple(ACTIVITY_WORDS))
        and not set(core) & SENTENCE_PUNCT
        and not DUTY_VERB.match(core)
        and not UNIT_HEADING.fullmatch(core)
        and core not in LABELS
    )


def has_tail(text: str) -> bool:
    bare = re.sub(r"[::】\]\s]+$", "", GLOSS.sub("", text))
    return bool(TITLE_TAIL.search(bare)) or bare.endswith("如下")


ORGANISATION_END = re.compile(r"(?:公司|集团|协会|学校|医院|酒店|银行|商场|工厂|幼儿园|学院|大学|中心店)$")
