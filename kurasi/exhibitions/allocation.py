"""Who goes to which exhibition, in which booth: an exact MILP over plain data (no Django).

Variables: x[c, e, b] = 1 when candidate c (one product of one business) gets a booth of type b at
exhibition e. Only pairs that are eligible, available and whose booth type offers every feature the
product needs (power, cold storage) get a variable at all.

Constraints:
- capacity: at most `count` candidates per booth type; a booth type reserved for some product
  groups gets variables only for those groups (with the features: both must fit);
- one place per business at any moment: for every business and every set of exhibitions that share
  a day (a clique of the interval graph; every maximal clique contains some exhibition's first day,
  so one row per first day suffices), at most one place. This also gives "one booth per business
  per exhibition";
- per product group: at least `min`, at most `max` places; the office's quota; per district at most
  `district_max`;
- fixed pairs (confirmed places, manual overrides in) stay 1; excluded pairs get no variable.

Objective: maximise the sum of score × preference weight (weight 1 for "any", lower for a
producer's second choice), so it stays linear and a first choice wins a tie with a second one.
HiGHS solves it to optimality; the model is built with array calls (addCols/addRows), which keeps
10,000 candidates × 20 exhibitions within seconds.
"""

import time
from collections import defaultdict
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

    code: str  # in, waitlisted, ineligible, unavailable, no_booth, excluded, overlap,
    #            group_max, district_max, quota, rank
    booth_type: object = None
    rank: int | None = None
    params: dict = field(default_factory=dict)


@dataclass
class Solution:
    status: str  # optimal, infeasible, empty
    problems: list  # sentences (as (code, params)) explaining infeasibility
    placed: dict  # (candidate, exhibition) → booth type key
    objective: float = 0.0
    outcomes: dict = field(default_factory=dict)  # (candidate, exhibition) → Outcome
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
    """The (candidate index, exhibition index, booth type index) triples that get a variable."""
    triples = []
    for ci, c in enumerate(problem.candidates):
        for ei, e in enumerate(problem.exhibitions):
            if e.key in c.ineligible or e.key in c.unavailable:
                continue
            if (c.key, e.key) in problem.excluded:
                continue
            for bi, b in enumerate(e.booth_types):
                if b.count > 0 and compatible(c, b):
                    triples.append((ci, ei, bi))
    return triples


def weight(candidate, exhibition) -> float:
    return float(candidate.preference.get(exhibition.key, 1.0))


def precheck(problem: Problem, triples) -> list:
    """Infeasibility that can be named before solving: [(code, params)]."""
    found = []
    by_pair = defaultdict(set)
    for ci, ei, _bi in triples:
        by_pair[ei].add(ci)
    for ei, e in enumerate(problem.exhibitions):
        capacity = sum(b.count for b in e.booth_types)
        mins = {g: m for g, m in e.group_min.items() if m}
        for g, minimum in mins.items():
            businesses = {
                problem.candidates[ci].business
                for ci in by_pair[ei]
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
    allowed = {
        (
            problem.candidates[ci].key,
            problem.exhibitions[ei].key,
            problem.exhibitions[ei].booth_types[bi].key,
        )
        for ci, ei, bi in triples
    }
    for key in problem.fixed:
        if key not in allowed:
            found.append(("fixed_not_allowed", {"candidate": key[0], "exhibition": key[1]}))
    return found


def _clique_rows(problem, triples):
    """One row per business and per exhibition start day: the places it holds that day."""
    exhibitions = problem.exhibitions
    cliques = []
    for e0 in exhibitions:
        members = frozenset(ei for ei, e in enumerate(exhibitions) if e.start <= e0.start <= e.end)
        cliques.append(members)
    cliques = list(dict.fromkeys(cliques))
    by_business_exhibition = defaultdict(list)
    for col, (ci, ei, _bi) in enumerate(triples):
        by_business_exhibition[(problem.candidates[ci].business, ei)].append(col)
    businesses = defaultdict(set)
    for business, ei in by_business_exhibition:
        businesses[business].add(ei)
    rows = []
    for business, held in businesses.items():
        seen = set()
        for clique in cliques:
            members = frozenset(clique & held)
            if not members or members in seen:
                continue
            seen.add(members)
            cols = [c for ei in members for c in by_business_exhibition[(business, ei)]]
            if len(cols) > 1:
                rows.append((cols, 0.0, 1.0))
    return rows


def build_rows(problem, triples):
    rows = []  # (columns, lower, upper)
    by_booth, by_group, by_district, by_exhibition = (defaultdict(list) for _ in range(4))
    for col, (ci, ei, bi) in enumerate(triples):
        c = problem.candidates[ci]
        by_booth[(ei, bi)].append(col)
        by_group[(ei, c.group)].append(col)
        by_district[(ei, c.district)].append(col)
        by_exhibition[ei].append(col)
    for ei, e in enumerate(problem.exhibitions):
        for bi, b in enumerate(e.booth_types):
            if by_booth[(ei, bi)]:
                rows.append((by_booth[(ei, bi)], 0.0, float(b.count)))
        groups = set(e.group_min) | set(e.group_max)
        for g in groups:
            low = float(e.group_min.get(g) or 0)
            high = e.group_max.get(g)
            high = INF if high is None else float(high)
            rows.append((by_group[(ei, g)], low, high))
        if e.quota is not None:
            rows.append((by_exhibition[ei], 0.0, float(e.quota)))
        if e.district_max is not None:
            for (ej, _d), cols in by_district.items():
                if ej == ei and len(cols) > e.district_max:
                    rows.append((cols, 0.0, float(e.district_max)))
    return rows + _clique_rows(problem, triples)


def solve(problem: Problem, *, time_limit: float | None = None) -> Solution:
    """Solve to optimality. Never raises on bad settings: an infeasible problem comes back with
    status "infeasible" and the reasons found (before solving when they can be named)."""
    started = time.perf_counter()
    triples = columns_of(problem)
    problems = precheck(problem, triples)
    if problems:
        return Solution("infeasible", problems, {}, seconds=time.perf_counter() - started)
    if not triples:
        solution = Solution("empty", [], {}, seconds=time.perf_counter() - started)
        solution.outcomes = explain(problem, solution.placed)
        return solution

    n = len(triples)
    costs = np.array(
        [
            problem.candidates[ci].score * weight(problem.candidates[ci], problem.exhibitions[ei])
            for ci, ei, _bi in triples
        ],
        dtype=np.float64,
    )
    lower = np.zeros(n)
    fixed_cols = set()
    index = {
        (
            problem.candidates[ci].key,
            problem.exhibitions[ei].key,
            problem.exhibitions[ei].booth_types[bi].key,
        ): col
        for col, (ci, ei, bi) in enumerate(triples)
    }
    for key in problem.fixed:
        fixed_cols.add(index[key])
    if fixed_cols:
        lower[list(fixed_cols)] = 1.0
    highs = highspy.Highs()
    highs.silent()
    # HiGHS's presolve spends most of the time on the many set-packing rows (probing, cliques)
    # and gains nothing: the root LP is nearly always integral here. Measured: 26 s with it,
    # under 2 s without, same optimum (bench/bench_allocation.py).
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 1e-6)
    if time_limit:
        highs.setOptionValue("time_limit", float(time_limit))
    highs.addCols(
        n,
        costs,
        lower,
        np.ones(n),
        0,
        np.array([], dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([]),
    )
    highs.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    rows = build_rows(problem, triples)
    starts, indices, lows, highs_ = [], [], [], []
    for cols, low, high in rows:
        starts.append(len(indices))
        indices.extend(cols)
        lows.append(low)
        highs_.append(high)
    if rows:
        highs.addRows(
            len(rows),
            np.array(lows),
            np.array(highs_),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.ones(len(indices)),
        )
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    status = highs.getModelStatus()
    seconds = time.perf_counter() - started
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
            columns=n,
            rows=len(rows),
        )
    values = highs.getSolution().col_value
    placed = {}
    for col, (ci, ei, bi) in enumerate(triples):
        if values[col] > 0.5:
            e = problem.exhibitions[ei]
            placed[(problem.candidates[ci].key, e.key)] = e.booth_types[bi].key
    solution = Solution(
        "optimal",
        [],
        placed,
        objective=float(highs.getInfo().objective_function_value),
        seconds=seconds,
        columns=n,
        rows=len(rows),
    )
    solution.solve_seconds = time.perf_counter() - started
    solution.outcomes = explain(problem, placed)
    solution.seconds = time.perf_counter() - started
    return solution


def explain(problem: Problem, placed: dict) -> dict:
    """The reason for every (candidate, exhibition): in, or out because of eligibility,
    availability, features, a place at an overlapping exhibition, a group maximum, the district
    maximum, the quota, or rank; those out for a limit or rank get a waitlist rank."""
    outcomes = {}
    group_count, district_count, total = defaultdict(int), defaultdict(int), defaultdict(int)
    candidates = {c.key: c for c in problem.candidates}
    business_at = defaultdict(set)  # business → exhibitions where it holds a place
    for (ck, ek), _b in placed.items():
        c = candidates[ck]
        group_count[(ek, c.group)] += 1
        district_count[(ek, c.district)] += 1
        total[ek] += 1
        business_at[c.business].add(ek)
    lowest = {}  # (exhibition, group) → the lowest score admitted
    for ck, ek in placed:
        c = candidates[ck]
        key = (ek, c.group)
        lowest[key] = min(lowest.get(key, c.score), c.score)
    unavailable = Outcome("unavailable")  # shared: most pairs of a large run are this one
    for e in problem.exhibitions:
        overlapping = {o.key for o in problem.exhibitions if o.overlaps(e)}
        contenders = []
        for c in problem.candidates:
            pair = (c.key, e.key)
            if pair in placed:
                outcomes[pair] = Outcome("in", booth_type=placed[pair])
            elif e.key in c.ineligible:
                outcomes[pair] = Outcome("ineligible", params={"rule": c.ineligible[e.key]})
            elif e.key in c.unavailable:
                outcomes[pair] = unavailable
            elif pair in problem.excluded:
                outcomes[pair] = Outcome("excluded")
            else:
                contenders.append(c)
        contenders.sort(key=lambda c: (-c.score * weight(c, e), str(c.key)))
        waiting = 0
        for c in contenders:
            pair = (c.key, e.key)
            fitting = [b for b in e.booth_types if b.count > 0 and compatible(c, b)]
            if not fitting:
                # Say when a booth would have what it needs but is kept for other groups.
                reserved = any(b.count > 0 and c.needs <= b.features for b in e.booth_types)
                params = {"needs": sorted(c.needs)}
                if reserved:
                    params["reserved"] = True
                outcomes[pair] = Outcome("no_booth", params=params)
                continue
            if business_at[c.business] & overlapping:
                outcomes[pair] = Outcome("overlap")
                continue
            waiting += 1
            if (
                e.group_max.get(c.group) is not None
                and group_count[(e.key, c.group)] >= (e.group_max[c.group])
            ):
                code, params = "group_max", {"max": e.group_max[c.group]}
            elif e.district_max is not None and district_count[(e.key, c.district)] >= (
                e.district_max
            ):
                code, params = "district_max", {"max": e.district_max}
            elif e.quota is not None and total[e.key] >= e.quota:
                code, params = "quota", {"quota": e.quota}
            else:
                # Booths (of the kind it needs) went to higher scores in the optimum.
                last = lowest.get((e.key, c.group))
                code, params = "rank", {"last": last} if last is not None else {}
            outcomes[pair] = Outcome(code, rank=waiting, params=params)
    return outcomes
