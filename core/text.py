"""Text normalisation shared by search and the importer: Traditional -> Simplified, half-width forms.

The store keeps Simplified Chinese; what users type (a query, an edit) may be Traditional.
"""

import re
from functools import cache

from opencc import OpenCC

# Pinyin (with or without tone marks) in parentheses right after a CJK character,
# e.g. '總監(jiān)'. Real parentheses ('(刘诚)', '(媒体广告、平面广告)') contain CJK and stay.
# Where the character itself was lost the pinyin follows a '?' ('錄入?yún)R總').
PINYIN_MOJIBAKE = re.compile(r"(?:(?<=[\u4e00-\u9fff])\(|\?)(?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7})\)")

# Full-width ASCII forms (：（）；１２) and the ideographic space as their half-width selves, one to one,
# so every rule sees one colon and one set of digits; 、 and 。 stay as they are.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@cache
def _converter() -> OpenCC:
    # Loading OpenCC's dictionaries takes longer than converting a text: once per process.
    return OpenCC("t2s")


def t2s(text: str) -> str:
    """Traditional characters as Simplified, nothing else changed."""
    return _converter().convert(text)


# Characters that change how text is shown without being text: bidi overrides and isolates
# (U+202A-202E, U+2066-2069, which can make a line read backwards), zero-width marks and controls.
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible(text: str) -> str:
    return INVISIBLE.sub("", text)


def to_simplified(text: str) -> str:
    """Half-width punctuation, no pinyin mojibake or invisible characters, Simplified characters."""
    return t2s(PINYIN_MOJIBAKE.sub("", visible(text).translate(HALF_WIDTH)))
