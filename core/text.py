"""Text normalisation shared by search and the importer: Traditional -> Simplified, half-width forms.

The store keeps Simplified Chinese; what users type (a query, an edit) may be Traditional.
"""

import re
from functools import cache

from django.core.validators import MaxLengthValidator
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


# Longest text an edit may store: one item of a list (a duty, a step) and a prose field (a summary).
ITEM_MAX_LENGTH = 2_000
PROSE_MAX_LENGTH = 10_000


def length_limit(limit: int) -> dict:
    """Keyword arguments for a TextField that refuses longer text in full_clean (imports), forms
    and serializers: a TextField's max_length alone is only a widget attribute."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


class VisibleTextFields:
    """Model mixin: text and char fields lose invisible characters whenever the row is validated.

    Every edit is validated with ``full_clean`` (admin forms and inlines, the API's services,
    spreadsheet imports), so this is the one place that keeps a U+202E from turning a title
    around on screen, as the document importer's ``visible`` does for imported text.
    """

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if field.get_internal_type() in ("CharField", "TextField") and field.name not in (exclude or ()):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, visible(value))
        super().clean_fields(exclude=exclude)


def to_simplified(text: str) -> str:
    """Half-width punctuation, no pinyin mojibake or invisible characters, Simplified characters."""
    return t2s(PINYIN_MOJIBAKE.sub("", visible(text).translate(HALF_WIDTH)))
