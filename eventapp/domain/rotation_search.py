"""The search behind `rotation.solve`: a local search over seat swaps, from the construction in `rotation_design`.

People are integers 0..n-1 here; `rotation.py` maps ids to integers and back. Everything is driven by a seeded
`random.Random` and by counts of evaluated moves, never by the clock, so a seed always gives the same plan.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence

W_REPEAT = 10_000
W_LEADER = 100
W_DEPT = 1
W_MOVE = 10
"""Objective weights: repeats dominate, then leaders. A moved seat outweighs ten same-department pairs: the issue
ranks departments before moves, but a re-plan that shuffles people to gain a few pairs is worse in the room (the
app promises a late arrival is seated without moving others), so in practice re-plans keep people where they sit."""

Tables = list[list[int]]


def spread_pairs(count: int, tables: int) -> int:
    """The fewest pairs among `count` people of one kind spread over `tables` tables (as evenly as possible)."""
    if tables <= 0:
        return math.comb(count, 2)
    q, rem = divmod(count, tables)
    return rem * math.comb(q + 1, 2) + (tables - rem) * math.comb(q, 2)


def forced_moves(counts: Sequence[int], sizes: Sequence[int]) -> tuple[int, list[int]]:
    """Fewest people who must leave their table when tables holding `counts` people must get `sizes` instead.

    Returns the count and the target size per table position. Matching the largest sizes to the fullest tables
    is optimal because the cost max(0, count - size) is convex in the difference.
    """
    positions = len(counts)
    order = sorted(range(positions), key=lambda t: (-counts[t], t))
    padded = sorted(sizes, reverse=True) + [0] * max(0, positions - len(sizes))
    target = [0] * positions
    for t, size in zip(order, padded, strict=False):
        target[t] = size
    return sum(max(0, counts[t] - target[t]) for t in range(positions)), target


class Engine:
    """Mutable search state for the rounds being planned, with the objective kept up to date incrementally.

    `meet[a][b]` counts the rounds (played and planned) in which a and b share a table: O(n^2) bytes.
    """

    def __init__(
        self,
        *,
        n: int,
        dept: Sequence[int],
        leader: Sequence[bool],
        meet: list[bytearray],
        rounds: list[Tables],
        prev: list[list[int] | None],
        rng: random.Random,
    ) -> None:
        self.n = n
        self.dept = list(dept)
        self.leader = list(leader)
        self.meet = meet
        self.rounds = rounds
        self.prev = prev
        self.rng = rng
        self.seat: list[list[int]] = []
        self.repeats = 0
        for a in range(n):
            row = meet[a]
            self.repeats += sum(c - 1 for c in row[a + 1 :] if c > 1)
        self.leader_pairs = 0
        self.dept_pairs = 0
        self.moves = 0
        for k, tables in enumerate(rounds):
            seat = [-1] * n
            for t, members in enumerate(tables):
                for p in members:
                    seat[p] = t
                for i, a in enumerate(members):
                    row = meet[a]
                    for b in members[i + 1 :]:
                        if row[b] >= 1:
                            self.repeats += 1
                        row[b] += 1
                        meet[b][a] += 1
                        if self.dept[a] == self.dept[b]:
                            self.dept_pairs += 1
                        if self.leader[a] and self.leader[b]:
                            self.leader_pairs += 1
            self.seat.append(seat)
            if prev[k] is not None:
                self.moves += sum(1 for p in range(n) if 0 <= prev[k][p] != seat[p])
        self.evals = 0
        self.temperature = 0.0

    @property
    def cost(self) -> int:
        return W_REPEAT * self.repeats + W_LEADER * self.leader_pairs + W_DEPT * self.dept_pairs + W_MOVE * self.moves

    def delta(self, k: int, a: int, b: int) -> tuple[int, int]:
        """Change of (cost, moved seats) if a and b (at different tables) swap seats in planned round k."""
        self.evals += 1
        seat = self.seat[k]
        ta, tb = seat[a], seat[b]
        tables = self.rounds[k]
        ma, mb = self.meet[a], self.meet[b]
        dept, leader = self.dept, self.leader
        da, db, la, lb = dept[a], dept[b], leader[a], leader[b]
        rep = same = lead = 0
        for x in tables[ta]:
            if x != b and x != a:
                if ma[x] >= 2:
                    rep -= 1
                if mb[x] >= 1:
                    rep += 1
                dx = dept[x]
                if dx == da:
                    same -= 1
                if dx == db:
                    same += 1
                if leader[x]:
                    lead += lb - la
        for y in tables[tb]:
            if y != b:
                if mb[y] >= 2:
                    rep -= 1
                if ma[y] >= 1:
                    rep += 1
                dy = dept[y]
                if dy == db:
                    same -= 1
                if dy == da:
                    same += 1
                if leader[y]:
                    lead += la - lb
        moved = 0
        prev = self.prev[k]
        if prev is not None:
            pa, pb = prev[a], prev[b]
            if pa >= 0:
                moved += (pa != tb) - (pa != ta)
            if pb >= 0:
                moved += (pb != ta) - (pb != tb)
        return W_REPEAT * rep + W_LEADER * lead + W_DEPT * same + W_MOVE * moved, moved

    def swap(self, k: int, a: int, b: int) -> None:
        """Swap the seats of a and b in planned round k, updating meetings and the objective's parts."""
        seat = self.seat[k]
        ta, tb = seat[a], seat[b]
        tables = self.rounds[k]
        members_a, members_b = tables[ta], tables[tb]
        prev = self.prev[k]
        if prev is not None:
            pa, pb = prev[a], prev[b]
            if pa >= 0:
                self.moves += (pa != tb) - (pa != ta)
            if pb >= 0:
                self.moves += (pb != ta) - (pb != tb)
        members_a.remove(a)
        members_b.remove(b)
        self._leave(a, members_a)
        self._leave(b, members_b)
        self._join(a, members_b)
        self._join(b, members_a)
        members_a.append(b)
        members_b.append(a)
        seat[a], seat[b] = tb, ta

    def _leave(self, a: int, others: list[int]) -> None:
        row, meet, dept, leader = self.meet[a], self.meet, self.dept, self.leader
        for x in others:
            if row[x] >= 2:
                self.repeats -= 1
            row[x] -= 1
            meet[x][a] -= 1
            if dept[x] == dept[a]:
                self.dept_pairs -= 1
            if leader[x] and leader[a]:
                self.leader_pairs -= 1

    def _join(self, a: int, others: list[int]) -> None:
        row, meet, dept, leader = self.meet[a], self.meet, self.dept, self.leader
        for x in others:
            if row[x] >= 1:
                self.repeats += 1
            row[x] += 1
            meet[x][a] += 1
            if dept[x] == dept[a]:
                self.dept_pairs += 1
            if leader[x] and leader[a]:
                self.leader_pairs += 1

    def snapshot(self) -> list[Tables]:
        return [[list(members) for members in tables] for tables in self.rounds]

    def restore(self, rounds: list[Tables]) -> None:
        """Go back to a snapshot by swapping people into place (keeps the incremental counts exact)."""
        for k, tables in enumerate(rounds):
            seat = self.seat[k]
            for t, members in enumerate(tables):
                for p in members:
                    if seat[p] != t:
                        # someone at table t who does not belong there in the snapshot takes p's seat
                        target = set(members)
                        q = next(x for x in self.rounds[k][t] if x not in target)
                        self.swap(k, p, q)

    def conflicts(self) -> list[tuple[int, int]]:
        """Every (round, person) where the person sits with someone they meet more than once."""
        self.evals += len(self.rounds) * self.n // 16
        found = []
        meet = self.meet
        for k, tables in enumerate(self.rounds):
            for members in tables:
                for a in members:
                    row = meet[a]
                    if any(row[x] >= 2 for x in members if x != a):
                        found.append((k, a))
        return found

    def unhappy(self, k: int, a: int) -> bool:
        """Whether a sits with a same-department person or another leader, or away from the previous table."""
        seat = self.seat[k]
        t = seat[a]
        prev = self.prev[k]
        if prev is not None and prev[a] >= 0 and prev[a] != t:
            return True
        da, la = self.dept[a], self.leader[a]
        return any(x != a and (self.dept[x] == da or (la and self.leader[x])) for x in self.rounds[k][t])

    def search(self, budget: int, target: int, deadline: float) -> None:
        """Improve the plan until `target` cost is reached or `budget` move evaluations are spent.

        Repeats are attacked first with a tabu search on conflicting people (the method of Dotú and Van Hentenryck
        for the social golfer problem); once there are none, random unhappy people try swaps with a few other
        tables, and sometimes whole-plan seat exchanges (a and b swap in every round, which cannot create a
        repeat among planned rounds). `deadline` is a wall-clock safety cap only.
        """
        if not self.rounds or self.n < 2:
            return
        self._best_cost = self.cost
        self._best: list[Tables] | None = None  # None: the current state is a best one
        tabu: dict[tuple[int, int, int], int] = {}
        step = stale = 0
        while self.evals < budget and self.cost > target:
            step += 1
            # annealing temperature for whole-plan exchanges, small instances only (they have the tight designs)
            self.temperature = 1.5 * (1 - self.evals / budget) if self.n <= 128 else 0.0
            if step % 64 == 0 and time.perf_counter() > deadline:
                break
            if self.repeats > 0 and self.rng.random() < 0.7:
                self._keep_best()
                moved = self._tabu_step(step, tabu)
            else:
                moved = self._quality_step()
            cost = self.cost
            if cost <= self._best_cost:
                if cost < self._best_cost:
                    stale = 0
                self._best_cost, self._best = cost, None
            elif moved:
                stale += 1
            if stale > 150 + 2 * self.n:
                if self._best is not None:
                    self.restore(self._best)
                self._keep_best()
                self._perturb(max(2, self.n // 16))
                tabu.clear()
                stale = 0
        if self._best is not None and self.cost > self._best_cost:
            self.restore(self._best)

    def _keep_best(self) -> None:
        """Snapshot the current state before a move that may worsen it, if it is a best state."""
        if self._best is None:
            self._best = self.snapshot()

    def _tabu_step(self, step: int, tabu: dict[tuple[int, int, int], int]) -> bool:
        """Make the best non-tabu swap of a conflicting person (a sample of them when there are many)."""
        rng = self.rng
        conflicts = self.conflicts()
        if len(conflicts) > 16:
            conflicts = rng.sample(conflicts, 16)
        cost = self.cost
        best_delta, choice = None, []
        for k, a in conflicts:
            ta = self.seat[k][a]
            tables = self.rounds[k]
            candidates = [t for t in range(len(tables)) if t != ta and tables[t]]
            if len(candidates) > 24:
                candidates = rng.sample(candidates, 24)
            for t in candidates:
                for b in tables[t]:
                    d, _ = self.delta(k, a, b)
                    key = (k, a, b) if a < b else (k, b, a)
                    if tabu.get(key, 0) > step and cost + d >= self._best_cost:
                        continue
                    if best_delta is None or d < best_delta:
                        best_delta, choice = d, [(k, a, b)]
                    elif d == best_delta:
                        choice.append((k, a, b))
        if not choice:
            return False
        k, a, b = rng.choice(choice)
        self.swap(k, a, b)
        tabu[(k, a, b) if a < b else (k, b, a)] = step + rng.randint(4, 12)
        return True

    def _quality_step(self) -> bool:
        rng = self.rng
        k = rng.randrange(len(self.rounds))
        a = rng.randrange(self.n)
        self.evals += 1
        if self.seat[k][a] < 0 or not self.unhappy(k, a):
            return False
        if self.prev[k] is None and rng.random() < 0.5:
            return self._exchange(a)
        tables = self.rounds[k]
        ta = self.seat[k][a]
        best_delta, choice = 1, -1
        for _ in range(min(6, len(tables) - 1)):
            t = rng.randrange(len(tables))
            if t == ta:
                continue
            for b in tables[t]:
                d, moved = self.delta(k, a, b)
                if d < best_delta and (d < 0 or moved <= 0):
                    best_delta, choice = d, b
        if choice < 0:
            return False
        self.swap(k, a, choice)
        return True

    def _exchange(self, a: int) -> bool:
        """a and a random b swap seats in every planned round (a relabelling: repeats among planned rounds stay as
        they are, the department mix changes). Kept if the objective does not worsen, or by simulated annealing."""
        b = self.rng.randrange(self.n)
        if b == a or (self.dept[a] == self.dept[b] and self.leader[a] == self.leader[b]):
            return False
        if self.temperature > 0:
            self._keep_best()
        before = self.cost
        done = []
        for k in range(len(self.rounds)):
            seat = self.seat[k]
            if seat[a] >= 0 and seat[b] >= 0 and seat[a] != seat[b]:
                self.evals += 2
                self.swap(k, a, b)
                done.append(k)
        worse = self.cost - before
        if worse <= 0 or (
            worse < W_LEADER and self.temperature > 0 and self.rng.random() < math.exp(-worse / self.temperature)
        ):
            return True
        for k in done:
            self.swap(k, a, b)
        return False

    def _perturb(self, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            k = rng.randrange(len(self.rounds))
            tables = [t for t in self.rounds[k] if t]
            if len(tables) < 2:
                return
            t1, t2 = rng.sample(range(len(tables)), 2)
            self.swap(k, rng.choice(tables[t1]), rng.choice(tables[t2]))
