"""Text that is not a job description: regulations, articles, chapters of rules, closing remarks."""

import re

from importer.headings import labelled_block_heading, title_heading
from importer.patterns import (
    CHAIN_SEPARATOR,
    CN_NUM,
    MARKER,
    SENTENCE_PUNCT,
    SUB_DOCUMENT,
    UNIT_HEADING,
    is_title,
    title_core,
)
from importer.state import BuildState
from importer.structure import RESPONSIBILITY
from importer.vocabulary import (
    LABEL_LINE,
    LABELS,
    TITLE,
)

# '附则:…', '本职责自…起执行', '以上职责自公布之日起施行': a document's closing remarks, not duties.
END_MATTER = re.compile(
    r"^[(（]?(?:附则|附注|注[::]|备注[::]|说明[::]|以上(?:仅)?供参考|以上就是|以上(?:各)?(?:岗位)?(?:职责|内容|岗位)|希望(?:对|能)|"
    r"本(?:职责|说明书|制度|规定|办法|汇编|手册|岗位职责|细则)"
    r"(?:自|由|每|解释|未尽|如有|最终)|本(?:说明书|职责)每)"
)


# A closing remark of the page ('以上供参考…', '希望对大家有帮助'): comments and links follow, not duties.
CLOSING_WORDS = re.compile(r"^(?:以上(?:仅)?供参考|以上就是|希望(?:对|能))")


SAMPLE_SEPARATOR = re.compile(r"^.{2,30}?(?:范本|范文|模板|篇)\s*[\d一二三四五六七八九十]{1,2}$")


# '公司业务招待费管理规定': the title of a regulation, article or form pasted after a description.
REGULATION_TITLE = re.compile(r"^.{2,24}(?:规定|制度|办法|细则|须知|守则|条例|规范|通知|附件.*|清单)$")


def regulation_title(st: "BuildState", text: str) -> bool:
    return (
        st.position is not None
        and any(st.position.items.values())
        and not MARKER.match(text)
        and not set(text) & (SENTENCE_PUNCT | {":"})
        and bool(REGULATION_TITLE.match(text))
    )


def article_after_list(st: "BuildState", text: str) -> bool:
    """A long unmarked paragraph after a finished list: an article's text, not one more duty."""
    last = st.last_item
    named = re.match(r"^(.{2,24}?)[::]", text)
    if named and is_title(title_core(named.group(1))):
        return False  # '第五条 车间主任的职责:负责…;…': the next position, on one line
    return (
        st.last_marked
        and st.position is not None
        and last is not None
        and last.text[-1:] in "。;；.!！"
        and not MARKER.match(text)
        and not CHAIN_SEPARATOR.search(text)  # a workflow's steps ('A——B——C') are no article
        and len(text) >= 70
        and text.count("。") + text.count(":") >= 2
    )


def set_aside(st: "BuildState", text: str, original: str, number: int) -> bool | None:
    """Lines of a pasted regulation are set aside (reported) until a heading opens a unit or position.

    None: the aside ended at this line, which the caller reads as usual (a 第N篇 or a label line).
    """
    unit_heading = bool(re.match(r"^(?:\d+(?:\.\d+)*\s*|[一二三四五六七八九十]+、)", text)) and bool(
        UNIT_HEADING.fullmatch(title_core(text))
    )
    if st.aside and (
        SUB_DOCUMENT.match(text)
        or unit_heading
        or title_heading(st, text, number)
        or labelled_block_heading(st, text, number)
        or (LABEL_LINE.match(text) and LABELS.get(LABEL_LINE.match(text).group(1)) == TITLE)
    ):
        st.aside = False
        if SUB_DOCUMENT.match(text) or LABEL_LINE.match(text) or unit_heading:
            return None
        return True
    st.aside = True
    st.position, st.workflow, st.last_item = None, None, None
    st.doc.set_aside.append((number, original))
    return True


CHAPTER = re.compile(rf"^第[{CN_NUM}\d]+[章节]\s*(.*)$")


def open_chapter(st: "BuildState", name: str, text: str, original: str, number: int) -> bool:
    """'第二章 生产部岗位职责' opens a unit; '第一章 总则', '第五章 附则' hold articles, not duties."""
    st.position, st.workflow, st.last_item, st.section = None, None, None, RESPONSIBILITY
    st.list_family = st.sub_parent = None
    unit = UNIT_HEADING.fullmatch(re.sub(r"(?:各岗位职责|岗位职责|职责|职能)$", "", name) or name)
    if unit and not set(name) & SENTENCE_PUNCT:
        st.aside = False
        st.new_unit(unit.group(1), number)
        return True
    if re.match(r"^(?:总则|附则|附录|附件)", name):
        st.aside = True
        st.doc.set_aside.append((number, original))
        return True
    st.aside = False
    return True


# '4 相关文件', '5 记录', '1 目的': a numbered section of a management-system document.
DOCUMENT_SECTION = re.compile(r"^\d{1,2}\s+([\u4e00-\u9fff]{2,10})$")


def document_section(st: "BuildState", text: str, original: str, number: int) -> bool | None:
    """Such a section ends the position before it; unless it names a unit or the duties, its text is
    set aside. None: the line is read as usual (a unit heading, a label)."""
    name = DOCUMENT_SECTION.match(text).group(1)
    st.position, st.workflow, st.last_item = None, None, None
    if UNIT_HEADING.fullmatch(name) or LABELS.get(name):
        return None
    st.aside = True
    st.doc.set_aside.append((number, original))
    return True
