"""Who goes to which exhibition, in which booth: an exact MILP over plain data (no Django).

Variables: x[c, e] = 1 when candidate c (one product of one business) gets a place at exhibition
e. Only pairs that are eligible, available and where some booth type offers every feature the
product needs (power, cold storage) get a variable at all. Booths are counted, not chosen per
pair: per exhibition, continuous flows spread the products that fit the same booth types over
those types (see `_Model`); a booth type for each product placed is matched afterwards.

Constraints:
- capacity: at most `count` candidates per booth type; a booth type reserved for some product
  groups takes flows only from those groups (with the features: both must fit);
- one place per business at any moment: for every business and every set of exhibitions that share
  a day (a clique of the interval graph; every maximal clique contains some exhibition's first day,
  so one row per first day suffices), at most one place. This also gives "one booth per business
  per exhibition";
- per product group: at least `min`, at most `max` places; the office's quota; per district at most
  `district_max`; per nominating office (an exhibition fed by nominations from the offices below
  the organiser): at least `office_min`, at most `office_max` places;
- fixed pairs (confirmed places, manual overrides in) stay 1; excluded pairs get no variable.

Objective: maximise the sum of score × preference weight (weight 1 for "any", lower for a
producer's second choice), so it stays linear and a first choice wins a tie with a second one.
HiGHS solves it to optimality (gap 0); the model is built with array calls (addCols/addRows). At
10,000 candidates × 20 exhibitions that is 34,000 columns and 7,600 rows, where one binary per
pair and booth type made 89,000 columns and 28,000 rows.
"""

import gc
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import highspy
import numpy as np

INF = highspy.kHighsInf


@dataclass(frozen=True)
class BoothType:
    key: object
    count: int
    features: frozenset = frozenset()  # {"power", "cold"}
    groups: frozenset = frozenset()  # product groups the booths are reserved for; empty: any


@dataclass(frozen=True)
class Exhibition:
    key: object
    start: date
    end: date
    booth_types: tuple = ()
    quota: int | None = None
    group_min: dict = field(default_factory=dict)  # group → minimum places
    group_max: dict = field(default_factory=dict)  # group → maximum places
    district_max: int | None = None
    office_min: dict = field(default_factory=dict)  # nominating office → minimum places
    office_max: dict = field(default_factory=dict)  # nominating office → maximum places

    def overlaps(self, other) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class Candidate:
    key: object
    business: object
    group: object
    score: float
    district: object = ""
    needs: frozenset = frozenset()
    # exhibition → reason code ("band", "legality", …) for exhibitions the candidate may not join
    ineligible: dict = field(default_factory=dict)
    unavailable: frozenset = frozenset()  # exhibitions the producer cannot attend
    preference: dict = field(default_factory=dict)  # exhibition → weight in (0, 1]; default 1
    office: object = None  # the office that nominated it; None: the exhibition's own curation


@dataclass(frozen=True)
class Problem:
    candidates: tuple
    exhibitions: tuple
    fixed: frozenset = frozenset()  # {(candidate, exhibition, booth type)} kept as they are
    excluded: frozenset = frozenset()  # {(candidate, exhibition)} taken out by hand


@dataclass(frozen=True)
class Outcome:
    """Why a candidate is where they are at one exhibition. `code` is stable (stored, translated
    by the pages); `params` fills the sentence."""

    code: str  # in, waitlisted, ineligible, no_booth, excluded, overlap, group_max,
    #            office_max, district_max, quota, rank
    booth_type: object = None
    rank: int | None = None
    params: dict = field(default_factory=dict)


@dataclass
class Solution:
    status: str  # optimal, infeasible, empty
    problems: list  # sentences (as (code, params)) explaining infeasibility
    placed: dict  # (candidate, exhibition) → booth type key
    objective: float = 0.0
    # (candidate, exhibition) → Outcome; none for a pair the producer cannot attend
    outcomes: dict = field(default_factory=dict)
    seconds: float = 0.0  # everything: model, solve, explanations
    solve_seconds: float = 0.0  # building the model and solving it
    columns: int = 0
    rows: int = 0

    @property
    def feasible(self):
        return self.status in ("optimal", "empty")


def compatible(candidate, booth_type) -> bool:
    """The booth offers every feature the product needs and, when reserved, is reserved for
    the product's group: a reserved booth never gets a variable for another group."""
    if booth_type.groups and candidate.group not in booth_type.groups:
        return False
    return candidate.needs <= booth_type.features


def columns_of(problem: Problem):
    """The (candidate index, exhibition index, fitting booth type indices) of every pair that
    gets a variable: eligible, available, not taken out, and some booth type fits."""
    columns = []
    excluded = problem.excluded
    fitting = [{} for _ in problem.exhibitions]  # per exhibition: (needs, group) → booth types
    for ci, c in enumerate(problem.candidates):
        for ei, e in enumerate(problem.exhibitions):
            key = e.key
            if key in c.unavailable or key in c.ineligible or (c.key, key) in excluded:
                continue
            kind = (c.needs, c.group)
            fits = fitting[ei].get(kind)
            if fits is None:
                fits = fitting[ei][kind] = tuple(
                    bi for bi, b in enumerate(e.booth_types) if b.count > 0 and compatible(c, b)
                )
            if fits:
                columns.append((ci, ei, fits))
    return columns


def weight(candidate, exhibition) -> float:
    return float(candidate.preference.get(exhibition.key, 1.0))


def fixed_booths(problem: Problem, columns):
    """({column: booth type index} of the pairs kept as they are, [fixed keys that do not fit])."""
    wanted = defaultdict(list)
    for ck, ek, bk in problem.fixed:
        wanted[(ck, ek)].append(bk)
    found, wrong = {}, []
    if not wanted:
        return found, wrong
    for col, (ci, ei, fits) in enumerate(columns):
        c, e = problem.candidates[ci], problem.exhibitions[ei]
        booths = wanted.pop((c.key, e.key), None)
        if booths is None:
            continue
        at = [bi for bi in fits if e.booth_types[bi].key in booths]
        if len(booths) == 1 and at:
            found[col] = at[0]
        else:  # a booth that does not fit, or two booths for one pair
            wrong.append((c.key, e.key))
    return found, wrong + list(wanted)


def precheck(problem: Problem, columns) -> list:
    """Infeasibility that can be named before solving: [(code, params)]."""
    found = []
    by_exhibition = defaultdict(set)
    for ci, ei, _fits in columns:
        by_exhibition[ei].add(ci)
    for ei, e in enumerate(problem.exhibitions):
        capacity = sum(b.count for b in e.booth_types)
        mins = {g: m for g, m in e.group_min.items() if m}
        for g, minimum in mins.items():
            businesses = {
                problem.candidates[ci].business
                for ci in by_exhibition[ei]
                if problem.candidates[ci].group == g
            }
            if minimum > len(businesses):
                found.append(
                    (
                        "min_above_candidates",
                        {"exhibition": e.key, "group": g, "min": minimum, "n": len(businesses)},
                    )
                )
            if e.group_max.get(g) is not None and minimum > e.group_max[g]:
                found.append(
                    (
                        "min_above_max",
                        {"exhibition": e.key, "group": g, "min": minimum, "max": e.group_max[g]},
                    )
                )
        total_min = sum(mins.values())
        if total_min > capacity:
            found.append(
                ("min_above_booths", {"exhibition": e.key, "min": total_min, "n": capacity})
            )
        if e.quota is not None and total_min > e.quota:
            found.append(("min_above_quota", {"exhibition": e.key, "min": total_min, "n": e.quota}))
        found.extend(_office_problems(problem, e, by_exhibition[ei], capacity))
    for ck, ek in fixed_booths(problem, columns)[1]:
        found.append(("fixed_not_allowed", {"candidate": ck, "exhibition": ek}))
    return found


def _office_problems(problem, e, candidate_indices, capacity):
    """Nominating offices' minimums that cannot be met: above the businesses the office has
    among the exhibition's candidates, above its own maximum, or together above the booths or
    the quota."""
    found = []
    mins = {o: m for o, m in e.office_min.items() if m}
    # Each office's businesses in one pass (500 offices × 10,000 candidates otherwise).
    by_office = defaultdict(set)
    if mins:
        for ci in candidate_indices:
            candidate = problem.candidates[ci]
            by_office[candidate.office].add(candidate.business)
    for office, minimum in mins.items():
        businesses = by_office[office]
        if minimum > len(businesses):
            found.append(
                (
                    "office_min_above_candidates",
                    {"exhibition": e.key, "office": office, "min": minimum, "n": len(businesses)},
                )
            )
        if e.office_max.get(office) is not None and minimum > e.office_max[office]:
            found.append(
                (
                    "office_min_above_max",
                    {
                        "exhibition": e.key,
                        "office": office,
                        "min": minimum,
                        "max": e.office_max[office],
                    },
                )
            )
    total_min = sum(mins.values())
    if total_min > capacity:
        found.append(
            ("office_min_above_booths", {"exhibition": e.key, "min": total_min, "n": capacity})
        )
    if e.quota is not None and total_min > e.quota:
        found.append(
            ("office_min_above_quota", {"exhibition": e.key, "min": total_min, "n": e.quota})
        )
    return found


def _clique_rows(problem, columns):
    """One row per business and per exhibition start day: the places it holds that day."""
    exhibitions = problem.exhibitions
    cliques = []
    for e0 in exhibitions:
        members = frozenset(ei for ei, e in enumerate(exhibitions) if e.start <= e0.start <= e.end)
        cliques.append(members)
    cliques = list(dict.fromkeys(cliques))
    by_business_exhibition = defaultdict(list)
    for col, (ci, ei, _fits) in enumerate(columns):
        by_business_exhibition[(problem.candidates[ci].business, ei)].append(col)
    businesses = defaultdict(set)
    for business, ei in by_business_exhibition:
        businesses[business].add(ei)
    containing = defaultdict(list)  # exhibition → the cliques it belongs to
    for clique in cliques:
        for ei in clique:
            containing[ei].append(clique)
    rows = []
    for business, held in businesses.items():
        seen = set()
        for clique in dict.fromkeys(c for ei in held for c in containing[ei]):
            members = clique & held
            if members in seen:
                continue
            seen.add(members)
            cols = [c for ei in members for c in by_business_exhibition[(business, ei)]]
            if len(cols) > 1:
                rows.append((cols, 0.0, 1.0))
    return rows


class _Model:
    """The MILP in compressed sparse rows. Columns 0…n-1 are the pairs (binary: placed or not);
    after them come continuous booth flows: how many of one exhibition's products that fit
    the same booth types get each of those types. Counting booths that way, instead of one
    binary per pair and booth type, keeps the model to one column per pair and stays exact:
    for whole numbers of products per kind the flows' constraints (a transportation problem)
    have a whole solution whenever they have one, so the chosen products always fit the booths
    one by one (`assign_booths` finds how)."""

    def __init__(self, n):
        self.n = n
        self.flows = []  # (exhibition index, booth type index) of each flow column
        self.starts, self.indices, self.values, self.lower, self.upper = [], [], [], [], []

    def row(self, cols, low, high, values=None):
        self.starts.append(len(self.indices))
        self.indices.extend(cols)
        self.values.extend(values if values is not None else [1.0] * len(cols))
        self.lower.append(low)
        self.upper.append(high)

    def flow(self, ei, bi):
        self.flows.append((ei, bi))
        return self.n + len(self.flows) - 1


def _booth_rows(model, problem, columns, fixed):
    """Per exhibition: each booth type holds at most its count (less the places kept on it);
    the products that fit several types are spread over them by flows."""
    kinds = defaultdict(list)  # (exhibition, fitting types) → columns not fixed
    for col, (_ci, ei, fits) in enumerate(columns):
        if col not in fixed:
            kinds[(ei, fits)].append(col)
    kept = defaultdict(int)
    for col, bi in fixed.items():
        kept[(columns[col][1], bi)] += 1
    on_type = defaultdict(list)  # (exhibition, booth type) → [(column, coefficient)]
    for (ei, fits), cols in kinds.items():
        if len(fits) == 1:
            on_type[(ei, fits[0])].extend((col, 1.0) for col in cols)
            continue
        flows = [model.flow(ei, bi) for bi in fits]
        model.row(cols + flows, 0.0, 0.0, [1.0] * len(cols) + [-1.0] * len(flows))
        for bi, flow in zip(fits, flows, strict=True):
            on_type[(ei, bi)].append((flow, 1.0))
    for ei, e in enumerate(problem.exhibitions):
        for bi, b in enumerate(e.booth_types):
            entries = on_type.get((ei, bi))
            if entries:
                cols, values = zip(*entries, strict=True)
                model.row(list(cols), 0.0, float(b.count - kept[(ei, bi)]), list(values))
            elif kept[(ei, bi)] > b.count:
                model.row([], 0.0, float(b.count - kept[(ei, bi)]))


def build_model(problem, columns, fixed):
    model = _Model(len(columns))
    _booth_rows(model, problem, columns, fixed)
    by_group, by_district, by_exhibition, by_office = (defaultdict(list) for _ in range(4))
    for col, (ci, ei, _fits) in enumerate(columns):
        c = problem.candidates[ci]
        by_group[(ei, c.group)].append(col)
        by_district[(ei, c.district)].append(col)
        by_exhibition[ei].append(col)
        if c.office is not None:
            by_office[(ei, c.office)].append(col)
    for ei, e in enumerate(problem.exhibitions):
        for g in set(e.group_min) | set(e.group_max):
            low = float(e.group_min.get(g) or 0)
            high = e.group_max.get(g)
            model.row(by_group[(ei, g)], low, INF if high is None else float(high))
        for o in set(e.office_min) | set(e.office_max):
            low = float(e.office_min.get(o) or 0)
            high = e.office_max.get(o)
            model.row(by_office[(ei, o)], low, INF if high is None else float(high))
        if e.quota is not None:
            model.row(by_exhibition[ei], 0.0, float(e.quota))
        if e.district_max is not None:
            for (ej, _d), cols in by_district.items():
                if ej == ei and len(cols) > e.district_max:
                    model.row(cols, 0.0, float(e.district_max))
    for cols, low, high in _clique_rows(problem, columns):
        model.row(cols, low, high)
    return model


def assign_booths(problem, columns, chosen, fixed):
    """A booth type for every chosen column: the kept ones stay; the others are matched to the
    booth types that fit them (augmenting paths over the few types of an exhibition, so a
    product that fits only one type takes it even when an earlier one sat there and could move).
    The solver has made sure a matching exists."""
    booth = {}
    by_exhibition = defaultdict(list)
    for col in chosen:
        if col in fixed:
            booth[col] = fixed[col]
        else:
            by_exhibition[columns[col][1]].append(col)
    for ei, cols in by_exhibition.items():
        e = problem.exhibitions[ei]
        free = [b.count for b in e.booth_types]
        for col, bi in fixed.items():
            if columns[col][1] == ei:
                free[bi] -= 1
        holders = [[] for _ in e.booth_types]
        # The most constrained first; the booth types in the exhibition's order (plain first).
        for col in sorted(cols, key=lambda col: (len(columns[col][2]), col)):
            _augment(col, columns, free, holders, booth)
    return booth


def _augment(col, columns, free, holders, booth):
    parent = dict.fromkeys(columns[col][2])
    queue = list(parent)
    for bi in queue:
        if free[bi] > len(holders[bi]):
            break
        for other in holders[bi]:
            for bj in columns[other][2]:
                if bj not in parent:
                    parent[bj] = (bi, other)
                    queue.append(bj)
    else:
        raise AssertionError("no booth fits a product the solver placed")
    while parent[bi] is not None:
        previous, other = parent[bi]
        holders[previous].remove(other)
        holders[bi].append(other)
        booth[other] = bi
        bi = previous
    holders[bi].append(col)
    booth[col] = bi


def _highs(time_limit):
    highs = highspy.Highs()
    highs.silent()
    # HiGHS's presolve spends most of the time on the many set-packing rows (probing, cliques)
    # and gains nothing: the root LP is nearly always integral here. Measured: 26 s with it,
    # under 2 s without, same optimum (bench/bench_allocation.py). For the same reason the
    # feasibility jump heuristic and symmetry detection only cost time before the root LP.
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    highs.setOptionValue("mip_detect_symmetry", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 1e-6)
    if time_limit:
        highs.setOptionValue("time_limit", float(time_limit))
    return highs


@contextmanager
def gc_paused():
    """No cyclic garbage collection inside: a run makes a few hundred thousand tuples and
    outcomes (no cycles among them), and each thousand of them would start a collection that
    walks everything still alive, which took more than half of a run's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def solve(problem: Problem, *, time_limit: float | None = None) -> Solution:
    """Solve to optimality. Never raises on bad settings: an infeasible problem comes back with
    status "infeasible" and the reasons found (before solving when they can be named)."""
    with gc_paused():
        return _solve(problem, time_limit)


def _solve(problem, time_limit):
    started = time.perf_counter()
    columns = columns_of(problem)
    problems = precheck(problem, columns)
    if problems:
        return Solution("infeasible", problems, {}, seconds=time.perf_counter() - started)
    if not columns:
        solution = Solution("empty", [], {}, seconds=time.perf_counter() - started)
        solution.outcomes = explain(problem, solution.placed)
        return solution

    fixed = fixed_booths(problem, columns)[0]
    model = build_model(problem, columns, fixed)
    n, flows = len(columns), len(model.flows)
    candidates, exhibitions = problem.candidates, problem.exhibitions
    costs = np.zeros(n + flows)
    costs[:n] = [
        candidates[ci].score * weight(candidates[ci], exhibitions[ei]) for ci, ei, _f in columns
    ]
    lower = np.zeros(n + flows)
    lower[list(fixed)] = 1.0
    upper = np.ones(n + flows)
    upper[n:] = [exhibitions[ei].booth_types[bi].count for ei, bi in model.flows]
    highs = _highs(time_limit)
    none = np.array([], dtype=np.int32)
    highs.addCols(n + flows, costs, lower, upper, 0, none, none, np.array([]))
    highs.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    highs.addRows(
        len(model.lower),
        np.array(model.lower),
        np.array(model.upper),
        len(model.indices),
        np.array(model.starts, dtype=np.int32),
        np.array(model.indices, dtype=np.int32),
        np.array(model.values),
    )
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    status = highs.getModelStatus()
    seconds = time.perf_counter() - started
    shape = {"columns": n + flows, "rows": len(model.lower)}
    if status != highspy.HighsModelStatus.kOptimal:
        code = (
            "solver_infeasible"
            if status == highspy.HighsModelStatus.kInfeasible
            else "solver_stopped"
        )
        return Solution(
            "infeasible",
            [(code, {"status": highs.modelStatusToString(status)})],
            {},
            seconds=seconds,
            **shape,
        )
    values = np.asarray(highs.getSolution().col_value[:n])
    chosen = np.flatnonzero(values > 0.5).tolist()
    booth = assign_booths(problem, columns, chosen, fixed)
    placed = {}
    for col in chosen:
        ci, ei, _fits = columns[col]
        e = exhibitions[ei]
        placed[(candidates[ci].key, e.key)] = e.booth_types[booth[col]].key
    solution = Solution(
        "optimal",
        [],
        placed,
        objective=float(highs.getInfo().objective_function_value),
        seconds=seconds,
        **shape,
    )
    solution.solve_seconds = time.perf_counter() - started
    solution.outcomes = explain(problem, placed)
    solution.seconds = time.perf_counter() - started
    return solution


def explain(problem: Problem, placed: dict) -> dict:
    """The reason for every (candidate, exhibition) but those the producer cannot attend: in, or
    out because of eligibility, features, a hand exclusion, a place at an overlapping
    exhibition, a group maximum, the nominating office's maximum, the district maximum, the
    quota, or rank; those out for a limit or rank get a waitlist rank.

    A pair in the candidate's `unavailable` (and not ineligible, which says more) gets no
    outcome: "cannot attend" is the producer's own answer, kept where she gave it, not a result
    of the allocation (at 10,000 candidates × 20 exhibitions four pairs in five are such).

    Outcomes that say the same thing are one object (their params one dict)."""
    outcomes = {}
    group_count, district_count, total = defaultdict(int), defaultdict(int), defaultdict(int)
    office_count = defaultdict(int)
    candidates = {c.key: c for c in problem.candidates}
    business_at = defaultdict(set)  # business → exhibitions where it holds a place
    lowest = {}  # (exhibition, group) → the lowest score admitted
    for (ck, ek), _b in placed.items():
        c = candidates[ck]
        group_count[(ek, c.group)] += 1
        district_count[(ek, c.district)] += 1
        office_count[(ek, c.office)] += 1
        total[ek] += 1
        business_at[c.business].add(ek)
        key = (ek, c.group)
        lowest[key] = min(lowest.get(key, c.score), c.score)
    shared, same_params = {}, {}

    def one(code, booth_type=None, **params):
        key = (code, booth_type, tuple(sorted((k, str(v)) for k, v in params.items())))
        if key not in shared:
            shared[key] = Outcome(code, booth_type=booth_type, params=params)
        return shared[key]

    excluded, overlap = one("excluded"), one("overlap")
    # The loop below runs for every pair: read each candidate's fields once.
    people = [(c.key, c.ineligible, c.unavailable, c) for c in problem.candidates]
    for e in problem.exhibitions:
        ek = e.key
        overlapping = {o.key for o in problem.exhibitions if o.overlaps(e)}
        here = {ck: booth for (ck, ej), booth in placed.items() if ej == ek}
        taken_out = {ck for ck, ej in problem.excluded if ej == ek}
        contenders = []
        for ck, ineligible, cannot, c in people:
            if ck in here:
                outcomes[(ck, ek)] = one("in", booth_type=here[ck])
            elif ek in ineligible:
                outcomes[(ck, ek)] = one("ineligible", rule=ineligible[ek])
            elif ek in cannot:
                continue  # the producer's answer, not an outcome
            elif ck in taken_out:
                outcomes[(ck, ek)] = excluded
            else:
                contenders.append((-c.score * weight(c, e), str(ck), c))
        contenders.sort(key=lambda entry: entry[:2])
        fitting = {}
        waiting = 0
        for _value, _key, c in contenders:
            pair = (c.key, ek)
            kind = (c.needs, c.group)
            if kind not in fitting:
                fitting[kind] = any(b.count > 0 and compatible(c, b) for b in e.booth_types)
            if not fitting[kind]:
                # Say when a booth would have what it needs but is kept for other groups.
                if any(b.count > 0 and c.needs <= b.features for b in e.booth_types):
                    outcomes[pair] = one("no_booth", needs=sorted(c.needs), reserved=True)
                else:
                    outcomes[pair] = one("no_booth", needs=sorted(c.needs))
                continue
            if business_at[c.business] & overlapping:
                outcomes[pair] = overlap
                continue
            waiting += 1
            if (
                e.group_max.get(c.group) is not None
                and group_count[(ek, c.group)] >= e.group_max[c.group]
            ):
                code, params = "group_max", {"max": e.group_max[c.group]}
            elif (
                e.office_max.get(c.office) is not None
                and office_count[(ek, c.office)] >= e.office_max[c.office]
            ):
                code, params = "office_max", {"max": e.office_max[c.office]}
            elif e.district_max is not None and district_count[(ek, c.district)] >= (
                e.district_max
            ):
                code, params = "district_max", {"max": e.district_max}
            elif e.quota is not None and total[ek] >= e.quota:
                code, params = "quota", {"quota": e.quota}
            else:
                # Booths (of the kind it needs) went to higher scores in the optimum.
                last = lowest.get((ek, c.group))
                code, params = "rank", {"last": last} if last is not None else {}
            params = same_params.setdefault((code, tuple(params.items())), params)
            outcomes[pair] = Outcome(code, rank=waiting, params=params)
    return outcomes
