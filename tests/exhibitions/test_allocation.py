"""The solver against brute force on small random instances: same optimum, no rule ever broken,
infeasible settings explained instead of raising."""

import datetime as dt
import itertools
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kurasi.exhibitions.allocation import (
    BoothType,
    Candidate,
    Exhibition,
    Problem,
    compatible,
    solve,
    weight,
)

GROUPS = ["food", "bags"]
OFFICES = ["tangsel", "serang"]  # nominating offices; None: the exhibition's own curation
FEATURES = [frozenset(), frozenset({"power"}), frozenset({"cold"})]


@st.composite
def problems(draw):
    n_exhibitions = draw(st.integers(1, 2))
    overlap = draw(st.booleans())
    exhibitions = []
    booths_left = 4
    for i in range(n_exhibitions):
        start = dt.date(2017, 10, 11) + dt.timedelta(days=0 if overlap else 10 * i)
        types = []
        for j in range(draw(st.integers(1, 2))):
            count = draw(st.integers(0, max(booths_left, 0)))
            booths_left -= count
            features = frozenset({"power", "cold"}) if j else draw(st.sampled_from(FEATURES))
            types.append(BoothType(f"b{j}", count, features))
        exhibitions.append(
            Exhibition(
                key=f"e{i}",
                start=start,
                end=start + dt.timedelta(days=4),
                booth_types=tuple(types),
                quota=draw(st.none() | st.integers(0, 4)),
                group_min={g: draw(st.integers(0, 1)) for g in GROUPS},
                group_max={g: draw(st.none() | st.integers(0, 3)) for g in GROUPS},
                district_max=draw(st.none() | st.integers(1, 3)),
                office_min={o: draw(st.integers(0, 1)) for o in OFFICES},
                office_max={o: draw(st.none() | st.integers(0, 2)) for o in OFFICES},
            )
        )
    candidates = []
    for c in range(draw(st.integers(0, 6))):
        keys = [e.key for e in exhibitions]
        candidates.append(
            Candidate(
                key=c,
                business=draw(st.integers(0, 3)),
                group=draw(st.sampled_from(GROUPS)),
                score=draw(st.integers(1, 100)),
                district=draw(st.sampled_from(["d1", "d2"])),
                needs=draw(st.sampled_from(FEATURES)),
                ineligible={k: "band" for k in keys if draw(st.integers(0, 4)) == 0},
                unavailable=frozenset(k for k in keys if draw(st.integers(0, 4)) == 0),
                preference={k: draw(st.sampled_from([1.0, 0.9])) for k in keys},
                office=draw(st.sampled_from([None, *OFFICES])),
            )
        )
    problem = Problem(candidates=tuple(candidates), exhibitions=tuple(exhibitions))
    options = [
        (c.key, e.key, b.key)
        for c in candidates
        for e in exhibitions
        for b in e.booth_types
        if b.count and compatible(c, b) and e.key not in set(c.ineligible) | c.unavailable
    ]
    fixed = frozenset(draw(st.lists(st.sampled_from(options), max_size=1))) if options else ()
    return Problem(candidates=problem.candidates, exhibitions=problem.exhibitions, fixed=fixed)


def broken_rules(problem, placed):
    """Every rule the placement breaks (empty when it keeps them all)."""
    broken = []
    candidates = {c.key: c for c in problem.candidates}
    exhibitions = {e.key: e for e in problem.exhibitions}
    booth_use = Counter((e, b) for (_c, e), b in placed.items())
    for e in problem.exhibitions:
        for b in e.booth_types:
            if booth_use[(e.key, b.key)] > b.count:
                broken.append("capacity")
        here = [candidates[c] for (c, ek) in placed if ek == e.key]
        groups = Counter(c.group for c in here)
        for g in GROUPS:
            if groups[g] < (e.group_min.get(g) or 0):
                broken.append("group_min")
            if e.group_max.get(g) is not None and groups[g] > e.group_max[g]:
                broken.append("group_max")
        offices = Counter(c.office for c in here)
        for o in OFFICES:
            if offices[o] < (e.office_min.get(o) or 0):
                broken.append("office_min")
            if e.office_max.get(o) is not None and offices[o] > e.office_max[o]:
                broken.append("office_max")
        if e.quota is not None and len(here) > e.quota:
            broken.append("quota")
        if e.district_max is not None and any(
            n > e.district_max for n in Counter(c.district for c in here).values()
        ):
            broken.append("district_max")
    for (ck, ek), bk in placed.items():
        c, e = candidates[ck], exhibitions[ek]
        booth = next(b for b in e.booth_types if b.key == bk)
        if ek in c.ineligible or ek in c.unavailable:
            broken.append("eligibility")
        if not compatible(c, booth):
            broken.append("features")
    for (c1, e1), (c2, e2) in itertools.combinations(placed, 2):
        same = candidates[c1].business == candidates[c2].business
        if same and exhibitions[e1].overlaps(exhibitions[e2]):
            broken.append("overlap")
    for ck, ek, bk in problem.fixed:
        if placed.get((ck, ek)) != bk:
            broken.append("fixed")
    return broken


def value(problem, placed):
    candidates = {c.key: c for c in problem.candidates}
    exhibitions = {e.key: e for e in problem.exhibitions}
    return sum(candidates[c].score * weight(candidates[c], exhibitions[e]) for c, e in placed)


def brute_force(problem):
    """The best value over every placement (each pair: no place, or one booth type)."""
    pairs = [(c.key, e.key, e) for c in problem.candidates for e in problem.exhibitions]
    best = None

    def walk(i, placed):
        nonlocal best
        if i == len(pairs):
            if not broken_rules(problem, placed):
                v = value(problem, placed)
                best = v if best is None else max(best, v)
            return
        walk(i + 1, placed)
        if len(placed) >= 4:  # never more than 4 booths in these instances
            return
        ck, ek, e = pairs[i]
        for b in e.booth_types:
            if b.count:
                walk(i + 1, {**placed, (ck, ek): b.key})

    walk(0, {})
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_allocation_matches_brute_force_and_keeps_every_rule(problem):
    solution = solve(problem)
    best = brute_force(problem)
    if best is None:
        assert not solution.feasible
        assert solution.problems
    else:
        assert solution.feasible, solution.problems
        assert not broken_rules(problem, solution.placed)
        assert abs(value(problem, solution.placed) - best) < 1e-6
        assert abs(solution.objective - best) < 1e-6


@settings(max_examples=60, deadline=None)
@given(problems())
def test_allocation_explains_every_pair(problem):
    solution = solve(problem)
    if not solution.feasible:
        return
    for c in problem.candidates:
        for e in problem.exhibitions:
            if e.key in c.unavailable and e.key not in c.ineligible:
                # The producer's own answer, not an outcome of the allocation.
                assert (c.key, e.key) not in solution.outcomes
                continue
            outcome = solution.outcomes[(c.key, e.key)]
            assert (outcome.code == "in") == ((c.key, e.key) in solution.placed)
            if e.key in c.ineligible and outcome.code != "in":
                assert outcome.code == "ineligible"


def test_allocation_group_minimum_above_candidates_is_explained():
    show = Exhibition(
        "tei",
        dt.date(2017, 10, 11),
        dt.date(2017, 10, 15),
        booth_types=(BoothType("std", 5),),
        group_min={"food": 3},
    )
    problem = Problem(
        candidates=(Candidate(1, "a", "food", 90), Candidate(2, "b", "food", 80)),
        exhibitions=(show,),
    )
    solution = solve(problem)
    assert solution.status == "infeasible"
    assert solution.problems[0][0] == "min_above_candidates"
    assert solution.problems[0][1]["n"] == 2


def test_allocation_infeasible_combination_is_reported_by_the_solver_not_raised():
    # Each minimum alone is fine; together with one business holding both products, not.
    show = Exhibition(
        "tei",
        dt.date(2017, 10, 11),
        dt.date(2017, 10, 15),
        booth_types=(BoothType("std", 5),),
        group_min={"food": 1, "bags": 1},
    )
    problem = Problem(
        candidates=(Candidate(1, "a", "food", 90), Candidate(2, "b", "bags", 80)),
        exhibitions=(show,),
        fixed=frozenset({(1, "tei", "std")}),
    )
    assert solve(problem).feasible
    same_business = Problem(
        candidates=(Candidate(1, "a", "food", 90), Candidate(2, "a", "bags", 80)),
        exhibitions=(show,),
    )
    solution = solve(same_business)
    assert solution.status == "infeasible"
    assert solution.problems[0][0] == "solver_infeasible"


def test_allocation_waitlist_ranks_follow_score():
    show = Exhibition(
        "tei", dt.date(2017, 10, 11), dt.date(2017, 10, 15), booth_types=(BoothType("std", 1),)
    )
    problem = Problem(
        candidates=tuple(Candidate(i, f"b{i}", "food", 100 - i) for i in range(3)),
        exhibitions=(show,),
    )
    solution = solve(problem)
    assert solution.placed == {(0, "tei"): "std"}
    assert [solution.outcomes[(i, "tei")].rank for i in (1, 2)] == [1, 2]
    assert solution.outcomes[(1, "tei")].code == "rank"


def test_allocation_moves_an_earlier_product_to_another_booth_when_one_needs_its_booth():
    """Booths are counted in the model and matched afterwards: the last bag fits only the open
    booth a food product took first, so that product moves to a food booth that is still free."""
    show = Exhibition(
        "tei",
        dt.date(2017, 10, 11),
        dt.date(2017, 10, 15),
        booth_types=(
            BoothType("open", 1),
            BoothType("food", 2, groups=frozenset({"food"})),
            BoothType("bags", 1, groups=frozenset({"bags"})),
        ),
    )
    people = (
        Candidate("sambal", "a", "food", 90),
        Candidate("tote", "b", "bags", 85),
        Candidate("kerupuk", "c", "food", 80),
        Candidate("batik-bag", "d", "bags", 75),
    )
    problem = Problem(people, (show,))
    solution = solve(problem)
    assert solution.status == "optimal"
    assert len(solution.placed) == 4
    assert not broken_rules(problem, solution.placed)
    assert Counter(solution.placed.values()) == {"open": 1, "food": 2, "bags": 1}


def test_allocation_keeps_each_nominating_offices_quota_and_minimum():
    """Nominees from two offices: Tangsel's three best would fill the booths, but its quota is
    two and Serang's minimum one; the third Tangsel nominee waits with the office's reason."""
    show = Exhibition(
        "bte",
        dt.date(2017, 9, 20),
        dt.date(2017, 9, 24),
        booth_types=(BoothType("std", 3),),
        office_min={"serang": 1},
        office_max={"tangsel": 2, "serang": 2},
    )
    people = (
        Candidate("t1", "a", "food", 95, office="tangsel"),
        Candidate("t2", "b", "food", 94, office="tangsel"),
        Candidate("t3", "c", "food", 93, office="tangsel"),
        Candidate("s1", "d", "food", 60, office="serang"),
    )
    solution = solve(Problem(people, (show,)))
    assert set(solution.placed) == {("t1", "bte"), ("t2", "bte"), ("s1", "bte")}
    waiting = solution.outcomes[("t3", "bte")]
    assert (waiting.code, waiting.params, waiting.rank) == ("office_max", {"max": 2}, 1)


def test_allocation_office_minimum_above_its_nominees_is_explained():
    show = Exhibition(
        "bte",
        dt.date(2017, 9, 20),
        dt.date(2017, 9, 24),
        booth_types=(BoothType("std", 5),),
        office_min={"serang": 2},
        office_max={"serang": 1},
    )
    people = (Candidate("s1", "d", "food", 60, office="serang"),)
    solution = solve(Problem(people, (show,)))
    assert solution.status == "infeasible"
    codes = dict(solution.problems)
    assert codes["office_min_above_candidates"]["n"] == 1
    assert codes["office_min_above_max"]["max"] == 1
