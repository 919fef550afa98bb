"""Text clean-up before parsing: Traditional -> Simplified, pinyin mojibake, web cruft."""

import re
from functools import lru_cache

from opencc import OpenCC

# Pinyin (with or without tone marks) in parentheses right after a CJK character,
# e.g. '總監(jiān)'. Real parentheses ('(刘诚)', '(媒体广告、平面广告)') contain CJK and stay.
# Where the character itself was lost the pinyin follows a '?' ('錄入?yún)R總').
PINYIN_MOJIBAKE = re.compile(r"(?:(?<=[\u4e00-\u9fff])\(|\?)(?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7})\)")

NOISE_PHRASES = (
    "下载文档",
    "百度文库",
    "相关文档",
    "最新文档",
    "合集下载",
    "仅部分预览",
    "侵犯您的权益",
    "人工客服",
    "小编",
    "文档侵权",
    "可反馈申请退款",
    "免费下载",
    "本文由",
    "更多相关",
    "下载后可编辑",
    # Compiler's notes pointing at other files, not part of any job description.
    "此处同上个文件",
)


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Drop pinyin mojibake, then convert Traditional characters to Simplified."""
    return _converter().convert(PINYIN_MOJIBAKE.sub("", text))


def is_noise(text: str) -> bool:
    """Whole line is web cruft (download notices, 百度文库, 小编…)."""
    return any(phrase in text for phrase in NOISE_PHRASES)


def has_cruft(text: str) -> bool:
    return is_noise(text) or bool(PINYIN_MOJIBAKE.search(text))
