"""Text clean-up before parsing: Traditional -> Simplified, pinyin mojibake, web cruft."""

import re

# Traditional -> Simplified and the pinyin clean-up are shared with search: core.text.

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
    "复制本文",
    "下载全文",
    "收藏本文",
    "本文已影响",
)
# Page furniture that also occurs inside real text ('转载', '来源:'): noise only on a short line.
SHORT_NOISE_PHRASES = (
    "当前位置",
    "关闭窗口",
    "打印本页",
    "点击获取",
    "点击下载",
    "扫码下载",
    "扫码关注",
    "下载APP",
    "立即沟通",
    "感兴趣",
    "举报",
    "继续免费阅读",
    "免费预览",
    "开通会员",
    "下载本文档",
    "首页 >",
    "首页>",
    "延伸阅读",
    "推荐阅读",
    "展开全部",
    "文档简介",
    "收起全文",
    "阅读全文",
    "点击查看",
    "浏览次数",
    "阅读次数",
    "分享到",
    "返回顶部",
    "扫一扫",
    "二维码",
    "关注公众号",
    "版权声明",
    "免责声明",
    "猜你喜欢",
    "热门推荐",
    "相关推荐",
    "相关文章",
    "上一篇",
    "下一篇",
    "本站",
    "转载",
    "来源:",
)
# Whole lines that are page furniture: web buttons, page footers, table-of-contents entries, URLs.
NOISE_LINE = re.compile(
    r"^(?:[【\[](?:广告|导语|摘要|提示|推广)[】\]].*|[(（]续表[)）]|(?:【[^】]{1,12}】\s*){2,}|.{0,40}>>|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b.*|广告|分享|收藏|举报|打印|评论|点赞|目\s*录|引\s*言|前\s*言|正文|全文|更多|返回|首页|"
    r"第\s*\d+\s*页.*|.*共\s*\d+\s*页|.{2,40}_第\d+页|-\s*\d+\s*-|\d+\s*/\s*\d+|"
    # Facts of a job-board card: short phrases between ｜ or · ('上海 静安区 | 1-3年 | 本科').
    r"(?:[^|·,。;；:]{1,12}\s*[|·]\s*){2,}[^|·,。;；:]{1,12}|"
    r".{1,40}?[.…·．]{4,}\s*\d+|.{2,40}?(?:\t+|\s{3,})\d{1,3}|(?:https?://|www\.)\S+|[\x00-\x7f]{0,3})$"
)


def _any_of(phrases) -> re.Pattern:
    return re.compile("|".join(re.escape(phrase) for phrase in phrases))


def is_noise(text: str) -> bool:
    """Whole line is web cruft (download notices, 百度文库, 小编…)."""
    return (
        bool(NOISE_PHRASE.search(text))
        or (len(text) <= 40 and bool(SHORT_NOISE_PHRASE.search(text)))
        or bool(NOISE_LINE.match(text.strip()))
        or (len(text) <= 20 and opens_related_links(text))
    )


NOISE_PHRASE, SHORT_NOISE_PHRASE = _any_of(NOISE_PHRASES), _any_of(SHORT_NOISE_PHRASES)


# The heading of a block of links to other pages: the short lines after it are titles, not text.
RELATED_LINKS = re.compile(
    r"^(?:相似职位|推荐职位|热门职位|相关文章|相关推荐|相关阅读|相关文档|最新文档|延伸阅读|推荐阅读|猜你喜欢|"
    r"热门推荐|热门文章|更多相关|上一篇|下一篇)"
)


def opens_related_links(text: str) -> bool:
    return bool(RELATED_LINKS.match(text.strip()))
