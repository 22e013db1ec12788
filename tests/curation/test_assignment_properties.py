"""Automatic assignment never breaks a conflict or K, keeps existing pairs, and balances loads as
well as any assignment could (checked against brute force on small instances)."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kurasi.curation.assignment import Problem, assign, eligible_curators

GROUPS = ["food", "craft"]


@st.composite
def problems(draw):
    curator_ids = [f"c{i}" for i in range(draw(st.integers(1, 4)))]
    curators = {
        c: set(draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=2))) for c in curator_ids
    }
    applications = {a: draw(st.sampled_from(GROUPS)) for a in range(draw(st.integers(0, 4)))}
    pairs = [(c, a) for c in curator_ids for a in applications]
    conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=3))) if pairs else set()
    allowed = [
        (c, a) for c, a in pairs if applications[a] in curators[c] and (c, a) not in conflicts
    ]
    existing = set(draw(st.lists(st.sampled_from(allowed), max_size=2))) if allowed else set()
    k = draw(st.integers(1, 2))
    # Kept assignments never exceed K for one application in these instances.
    for a in applications:
        mine = sorted(p for p in existing if p[1] == a)
        existing -= set(mine[k:])
    return Problem(applications, curators, k, conflicts, existing)


def best_possible_spread(problem):
    """Brute force: the smallest (max load − min load) over every valid assignment."""
    eligible = eligible_curators(problem)
    options = []
    for application in problem.applications:
        kept = {c for c, a in problem.existing if a == application}
        choices = [
            set(combo)
            for combo in itertools.combinations(eligible[application], problem.k)
            if kept <= set(combo)
        ]
        options.append([(application, combo) for combo in choices])
    active = [c for c in problem.curators if any(c in eligible[a] for a in problem.applications)]
    best = None
    for choice in itertools.product(*options):
        loads = dict.fromkeys(active, 0)
        for _, combo in choice:
            for curator in combo:
                loads[curator] += 1
        spread = max(loads.values()) - min(loads.values()) if loads else 0
        best = spread if best is None else min(best, spread)
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_assignment_respects_k_conflicts_groups_and_kept_pairs(problem):
    solution = assign(problem)
    if not solution.feasible:
        for shortage in solution.shortages:
            assert len(eligible_curators(problem)[shortage.application]) < problem.k
        return
    assert problem.existing <= solution.pairs
    assert not (solution.pairs & problem.conflicts)
    for application, group in problem.applications.items():
        assigned = [c for c, a in solution.pairs if a == application]
        assert len(assigned) == problem.k
        assert len(set(assigned)) == len(assigned)
        for curator in assigned:
            assert group in problem.curators[curator] or (curator, application) in problem.existing


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_assignment_spread_is_as_small_as_brute_force_finds(problem):
    solution = assign(problem)
    if not solution.feasible or not problem.applications:
        return
    eligible = eligible_curators(problem)
    active = [c for c in problem.curators if any(c in eligible[a] for a in problem.applications)]
    loads = solution.loads(problem.curators)
    spread = max(loads[c] for c in active) - min(loads[c] for c in active)
    assert spread == best_possible_spread(problem)
    if best_possible_spread(problem) <= 1:
        assert spread <= 1


def test_assignment_explains_which_application_lacks_curators():
    problem = Problem(applications={7: "food"}, curators={"a": {"craft"}, "b": {"food"}}, k=2)
    solution = assign(problem)
    assert not solution.feasible
    assert [(s.application, s.eligible, s.needed) for s in solution.shortages] == [(7, 1, 2)]
