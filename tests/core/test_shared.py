"""Shared low-level pieces: one table of advisory-lock keys, one Traditional -> Simplified rule."""

import pytest

from core.locks import ADVISORY_LOCK_KEYS, take_advisory_lock
from core.text import to_simplified


def test_every_advisory_lock_has_its_own_key():
    assert len(set(ADVISORY_LOCK_KEYS.values())) == len(ADVISORY_LOCK_KEYS)


def test_an_unknown_lock_name_is_an_error_not_a_new_key():
    with pytest.raises(KeyError):
        take_advisory_lock("unit-tree")


@pytest.mark.parametrize(
    "text, simplified",
    [
        ("總監(jiān)負責(zé)", "总监负责"),  # pinyin mojibake dropped, then converted
        ("錄入?yún)R總", "录入R总"),  # the pinyin of a lost character after "?" goes; the byte left stays
        ("负责集团广告(媒体广告、平面广告)", "负责集团广告(媒体广告、平面广告)"),  # real brackets stay
        ("职责：１．审核；", "职责:1.审核;"),  # full-width forms as half-width
        ("中心总经理:(刘诚)", "中心总经理:(刘诚)"),
        ("", ""),
    ],
)
def test_text_is_normalised_for_search_and_the_importer(text, simplified):
    assert to_simplified(text) == simplified
