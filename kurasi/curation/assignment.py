"""Fair automatic assignment of curators to applications, solved exactly as a small MILP.

Every application gets K curators; a curator only assesses the product groups they cover and never
an application they declared a conflict with; assignments already made are kept; and the loads are
as even as the rules allow (the spread between the busiest and the least busy curator is
minimised, then the busiest load). HiGHS (through highspy) solves it to optimality.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import highspy

INF = highspy.kHighsInf


@dataclass(frozen=True)
class Problem:
    applications: dict  # application id → product group id
    curators: dict  # curator id → set of product group ids they cover
    k: int
    conflicts: set = field(default_factory=set)  # {(curator id, application id)}
    existing: set = field(default_factory=set)  # {(curator id, application id)} already assigned


@dataclass(frozen=True)
class Shortage:
    application: object
    eligible: int
    needed: int


@dataclass
class Solution:
    pairs: set  # {(curator id, application id)}, the existing ones included
    shortages: list  # applications that cannot get K curators; empty when solved

    @property
    def feasible(self):
        return not self.shortages

    def loads(self, curators):
        counts = dict.fromkeys(curators, 0)
        for curator, _ in self.pairs:
            counts[curator] += 1
        return counts


def eligible_curators(problem: Problem) -> dict:
    eligible = defaultdict(list)
    for application, group in problem.applications.items():
        for curator, groups in problem.curators.items():
            allowed = group in groups and (curator, application) not in problem.conflicts
            if allowed or (curator, application) in problem.existing:
                eligible[application].append(curator)
    return eligible


def find_shortages(problem: Problem, eligible: dict) -> list[Shortage]:
    return [
        Shortage(application, len(eligible.get(application, [])), problem.k)
        for application in problem.applications
        if len(eligible.get(application, [])) < problem.k
    ]


def assign(problem: Problem) -> Solution:
    """Solve the assignment; when some application lacks eligible curators, say which."""
    eligible = eligible_curators(problem)
    shortages = find_shortages(problem, eligible)
    if shortages or not problem.applications:
        return Solution(pairs=set(problem.existing), shortages=shortages)

    highs = highspy.Highs()
    highs.silent()
    pairs = [(c, a) for a, curators in eligible.items() for c in curators]
    x = {pair: highs.addBinary() for pair in pairs}
    for pair in problem.existing & set(x):
        highs.addConstr(x[pair] == 1)
    by_application, by_curator = defaultdict(list), defaultdict(list)
    for curator, application in pairs:
        by_application[application].append(x[(curator, application)])
        by_curator[curator].append(x[(curator, application)])
    for application in problem.applications:
        # K at least, and exactly K unless kept assignments already exceed it.
        kept = sum(1 for c, a in problem.existing if a == application)
        highs.addConstr(highs.qsum(by_application[application]) == max(problem.k, kept))
    busiest = highs.addVariable(lb=0, ub=INF)
    quietest = highs.addVariable(lb=0, ub=INF)
    for curator in problem.curators:
        if by_curator[curator]:
            load = highs.qsum(by_curator[curator])
            highs.addConstr(load <= busiest)
            highs.addConstr(load >= quietest)
    # Lexicographic: the spread first, then the heaviest load.
    weight = len(problem.applications) * problem.k + 1
    highs.minimize(weight * (busiest - quietest) + busiest)
    chosen = {pair for pair in pairs if highs.val(x[pair]) > 0.5}
    return Solution(pairs=chosen, shortages=[])
