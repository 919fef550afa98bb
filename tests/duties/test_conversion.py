"""Traditional -> Simplified (OpenCC t2s) on phrases where one Traditional or Simplified character
maps differently by context. A dictionary change in an OpenCC upgrade shows up here first."""

import pytest

from core.text import to_simplified

PHRASES = [
    # 後 -> 后, but 皇后 was never 後
    ("以後", "以后"),
    ("後勤部", "后勤部"),
    ("皇后", "皇后"),
    # 乾 -> 干 (dry, clean), but stays in 乾隆 and 乾坤; 幹 -> 干 too
    ("乾淨", "干净"),
    ("乾貨", "干货"),
    ("乾隆", "乾隆"),
    ("乾坤", "乾坤"),
    ("幹部", "干部"),
    # 發 and 髮 both -> 发
    ("發票", "发票"),
    ("發展", "发展"),
    ("理髮", "理发"),
    ("頭髮", "头发"),
    # characters that stay: 著名, 看著 (t2s keeps 著), 只有, 制度
    ("著名", "著名"),
    ("只有", "只有"),
    ("一隻", "一只"),
    ("製造", "制造"),
    ("制度", "制度"),
    # 鐘 / 鍾 -> 钟, 週 -> 周, 覆 stays, 復 -> 复
    ("鐘錶", "钟表"),
    ("週報", "周报"),
    ("覆蓋", "覆盖"),
    ("復核", "复核"),
    # 瞭解 -> 了解, 藉口 -> 借口, 餘額 -> 余额, 檯面/颱風 -> 台
    ("瞭解", "了解"),
    ("藉口", "借口"),
    ("餘額", "余额"),
    ("檯面", "台面"),
    ("颱風", "台风"),
    # a line from the seeds: pinyin mojibake dropped, then converted
    ("總監(jiān)負責後勤與發貨", "总监负责后勤与发货"),
]


@pytest.mark.parametrize(("traditional", "simplified"), PHRASES)
def test_t2s_in_context(traditional, simplified):
    assert to_simplified(traditional) == simplified


def test_simplified_text_is_left_alone():
    text = "负责公司后勤、干部培训与发票管理"
    assert to_simplified(text) == text
