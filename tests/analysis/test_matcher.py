"""The matcher on the hand-labelled pairs of the seeded store, and its pure parts."""

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from analysis import evaluation, frequencies, matching

TARGET = 0.8


@pytest.fixture
def store_frequencies(seeded_store):
    frequencies.refresh()


def test_labelled_pairs_reach_the_target(store_frequencies):
    pairs = evaluation.load_pairs()
    assert len(pairs) >= 60
    result = evaluation.evaluate(pairs)
    assert result.missing == 0
    print(f"precision {result.precision:.3f} recall {result.recall:.3f}")
    assert result.precision >= TARGET
    assert result.recall >= TARGET


def test_result_is_a_plateau_not_a_tuned_point(store_frequencies):
    pairs = evaluation.load_pairs()
    for threshold in (0.01, 0.03):
        result = evaluation.evaluate(pairs, threshold)
        assert result.precision >= TARGET and result.recall >= TARGET, threshold


def test_labels_cover_both_classes_from_two_units():
    pairs = evaluation.load_pairs()
    assert {p["match"] for p in pairs} == {True, False}
    assert len({(p["document"], p["unit"]) for p in pairs}) >= 2


def test_words_drop_boilerplate_and_single_characters():
    ws = matching.words("负责组织市场调研工作,并及时提交报告。")
    assert "市场" in ws and "调研" in ws and "报告" in ws
    assert not {"负责", "组织", "工作", "及时", "并"} & set(ws)
    assert matching.words("其它") == matching.words("其他")


def test_vectors_equal_scikit_learns_tfidf_fitted_on_the_corpus():
    texts = ["组织市场调研", "编写市场调研报告", "审核费用报销", "费用预算编制与审核"]
    word_lists = [matching.words(t) for t in texts]
    ours = matching.similarities(*(matching.vectors(word_lists),) * 2)
    reference = TfidfVectorizer(analyzer=matching.words, sublinear_tf=True).fit_transform(texts)
    assert ours == pytest.approx(cosine_similarity(reference), abs=1e-9)


def test_texts_without_words_score_zero():
    matrix = matching.vectors([[], []])
    assert matching.similarities(matrix, matrix).tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_catch_all_duties_are_recognised():
    assert matching.is_catch_all(matching.words("完成上级交办的其他工作。"))
    assert matching.is_catch_all(matching.words("其他。"))
    assert not matching.is_catch_all(matching.words("编制月度销售报表"))
