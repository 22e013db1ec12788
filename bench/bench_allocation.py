"""Booth allocation at scale: 10,000 candidates, 20 exhibitions (some overlapping), 2,000 booths,
product-group minimums and maximums, quotas and district maximums. Target (issue 17): optimal, every
pair explained (but those the producer cannot attend: her own answer, not an outcome), within 2 s.
Prints wall-clock and CPU time: on a machine shared with other work the wall clock says more about
the neighbours than about the solver.

Run: .venv/bin/python bench/bench_allocation.py [--seed N]
"""

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kurasi.exhibitions.allocation import BoothType, Candidate, Exhibition, Problem, solve

GROUPS = ["tas", "busana", "aksesori", "makanan", "minuman"]
DISTRICTS = [f"36.74.0{i}" for i in range(1, 8)]


def make_problem(seed=2017, candidates=10_000, exhibitions=20, booths=2_000):
    rng = random.Random(seed)
    shows = []
    per_show = booths // exhibitions
    for i in range(exhibitions):
        # Pairs of shows share dates (i and i+1 overlap for even i), so overlap rows matter.
        start = dt.date(2017, 1, 2) + dt.timedelta(days=14 * (i // 2) + (i % 2) * 2)
        cold, power = per_show // 10, per_show // 5
        types = (
            BoothType("standard", per_show - cold - power),
            BoothType("power", power, frozenset({"power"})),
            BoothType("cold", cold, frozenset({"power", "cold"})),
        )
        group_max = dict.fromkeys(GROUPS, per_show // 3)
        group_min = dict.fromkeys(GROUPS, per_show // 10)
        shows.append(
            Exhibition(
                key=f"E{i}",
                start=start,
                end=start + dt.timedelta(days=4),
                booth_types=types,
                quota=per_show - 5,
                group_min=group_min,
                group_max=group_max,
                district_max=per_show // 4,
            )
        )
    people = []
    businesses = int(candidates * 0.8)  # some businesses enter two products
    for i in range(candidates):
        group = rng.choice(GROUPS)
        food = group in ("makanan", "minuman")
        needs = frozenset()
        if food and rng.random() < 0.3:
            needs = frozenset({"cold"})
        elif rng.random() < 0.15:
            needs = frozenset({"power"})
        # A producer is available for a handful of shows; the rest are marked unavailable.
        wanted = set(rng.sample(range(exhibitions), rng.randint(2, 6)))
        unavailable = frozenset(f"E{j}" for j in range(exhibitions) if j not in wanted)
        ineligible = {f"E{j}": "band" for j in wanted if rng.random() < 0.15}
        first = min(wanted)
        preference = {f"E{j}": (1.0 if j == first else 0.9) for j in wanted}
        people.append(
            Candidate(
                key=i,
                business=rng.randrange(businesses),
                group=group,
                score=round(rng.uniform(40, 100), 2),
                district=rng.choice(DISTRICTS),
                needs=needs,
                ineligible=ineligible,
                unavailable=unavailable,
                preference=preference,
            )
        )
    return Problem(candidates=tuple(people), exhibitions=tuple(shows))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    started = time.perf_counter()
    problem = make_problem(args.seed)
    generated = time.perf_counter() - started
    booths = sum(b.count for e in problem.exhibitions for b in e.booth_types)
    print(
        f"candidates={len(problem.candidates)} exhibitions={len(problem.exhibitions)} "
        f"booths={booths} (generated in {generated:.2f} s)"
    )
    cpu = time.process_time()
    solution = solve(problem)
    cpu = time.process_time() - cpu
    print(f"model: {solution.columns} columns, {solution.rows} rows")
    print(
        f"status={solution.status} objective={solution.objective:.2f} placed={len(solution.placed)}"
    )
    print(f"model build + solve: {solution.solve_seconds:.2f} s")
    print(
        f"total with explanations ({len(solution.outcomes)} pairs; those the producer cannot "
        f"attend have none): {solution.seconds:.2f} s (CPU {cpu:.2f} s, HiGHS's threads included)"
    )
    if solution.problems:
        print("problems:", solution.problems)


if __name__ == "__main__":
    main()
