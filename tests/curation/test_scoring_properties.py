"""Any rubric shape gives scores in range; calibration ignores a curator's shift and scale."""

from hypothesis import assume, given
from hypothesis import strategies as st

from kurasi.curation.scoring import CriterionSpec, aggregate, calibrate, weighted_score

weights = st.floats(min_value=0.01, max_value=100, allow_nan=False)


@st.composite
def rubric_and_scores(draw):
    scale_min = draw(st.integers(0, 3))
    scale_max = draw(st.integers(scale_min + 1, 10))
    criteria = [
        CriterionSpec(key=f"k{i}", weight=draw(weights)) for i in range(draw(st.integers(1, 12)))
    ]
    scores = {
        c.key: draw(st.one_of(st.none(), st.integers(scale_min - 2, scale_max + 2)))
        for c in criteria
    }
    return criteria, scores, scale_min, scale_max


@given(rubric_and_scores())
def test_weighted_score_is_always_between_0_and_100(case):
    criteria, scores, low, high = case
    assert 0 <= weighted_score(scores, criteria, low, high) <= 100


@given(rubric_and_scores())
def test_top_marks_everywhere_give_100_and_bottom_marks_give_0(case):
    criteria, _, low, high = case
    assert weighted_score({c.key: high for c in criteria}, criteria, low, high) == 100
    assert weighted_score({c.key: low for c in criteria}, criteria, low, high) == 0


score_lists = st.lists(
    st.floats(min_value=0, max_value=100, allow_nan=False), min_size=2, max_size=8
)


@given(
    score_lists,
    score_lists,
    st.floats(min_value=-50, max_value=50, allow_nan=False),
    st.floats(min_value=0.1, max_value=10, allow_nan=False),
)
def test_calibration_unchanged_when_one_curator_is_shifted_or_scaled(harsh, other, shift, scale):
    assume(max(harsh) - min(harsh) > 1e-3)
    base = [("harsh", i, v) for i, v in enumerate(harsh)] + [
        ("other", i, v) for i, v in enumerate(other)
    ]
    moved = [("harsh", i, v * scale + shift) for i, v in enumerate(harsh)] + [
        ("other", i, v) for i, v in enumerate(other)
    ]
    before, after = calibrate(base), calibrate(moved)
    for key, z in before.items():
        assert abs(after[key] - z) < 1e-4


def test_aggregate_mean_median_and_disagreement():
    result = aggregate([60.0, 70.0, 95.0])
    assert (result.mean, result.median, result.spread) == (75.0, 70.0, 35.0)
    assert result.disagreement(threshold=20)
    assert not result.disagreement(threshold=40)
