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
    "text",
    [
        "總監(jiān)負責(zé)",
        "錄入?yún)R總",
        "负责集团广告(媒体广告、平面广告)",
        "职责：１．审核；",
        "中心总经理:(刘诚)",
        "",
    ],
)
def test_search_normalises_text_as_the_importer_does(text):
    # The importer's normalise.py still has its own copy while the importer is being split;
    # until it imports core.text, both must give the same text.
    from duties.importer.normalise import to_simplified as importer_to_simplified

    assert to_simplified(text) == importer_to_simplified(text)
