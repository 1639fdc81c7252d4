"""The zero-repeat construction the solver starts from (pure: no I/O).

People are integers 0..n-1. The construction puts people on a grid (rows 0..4, one column per table) and seats the
person in row i, column j at table j + m_i * s_r in round r, over a finite field of order T (the number of tables)
when T is a prime power, else over Z_T. Two people in the same row never meet, and two people in rows i != i' meet
only in the rounds where (m_i - m_i') * (s_r - s_r') vanishes, which over a field never happens twice: zero repeated
pairs for up to T rounds. After those T rounds every pair from different rows has met, so when 4 rows fill T tables
of 4 (T a multiple of 4), extra rounds split each row into blocks of 4: for 16 people that is the "vertical" class,
the fifth round of the affine plane AG(2, 4) (zero repeats); for 32 people over 10 rounds it gives 16 repeated
pairs, below the 19 of the best public annealer, and the search starts from there.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Tables = list[list[int]]


def construct(*, n: int, sizes: Sequence[int], rounds: int, order: Sequence[int], rng: random.Random) -> list[Tables]:
    """Seat `order` (people, leaders first, departments grouped) on the grid and rotate it: see the module doc.

    `sizes` are the table sizes (3..5). Tries the field (if any) and a few ring multipliers, keeps the one with
    the fewest repeated pairs.
    """
    sizes = sorted(sizes, reverse=True)
    tables = len(sizes)
    rows = max(sizes)
    grid = [[j for j in range(tables) if sizes[j] > i] for i in range(rows)]
    cells = [(i, j) for i in range(rows) for j in grid[i]]
    person_at = dict(zip(cells, order, strict=True))
    best: tuple[int, list[Tables]] | None = None
    for add, mul, m, s in _candidates(tables, grid, rounds, rng):
        plan = []
        for r in range(rounds):
            round_tables: Tables = [[] for _ in range(tables)]
            if isinstance(s[r], tuple):  # split each row into blocks of 4, a different split per extra round
                per_row, e = tables // 4, s[r][1]
                for (i, j), p in person_at.items():
                    round_tables[i * per_row + (j // 4 + e * (j % 4)) % per_row].append(p)
            else:
                for (i, j), p in person_at.items():
                    round_tables[add(j, mul(m[i], s[r]))].append(p)
            plan.append(round_tables)
        if any(not 3 <= len(t) <= 5 for tables_ in plan for t in tables_):
            continue
        score = _repeats(n, plan)
        if best is None or score < best[0]:
            best = (score, plan)
        if score == 0:
            break
    assert best is not None
    return best[1]


def _repeats(n: int, plan: list[Tables]) -> int:
    seen: dict[tuple[int, int], int] = {}
    repeats = 0
    for tables in plan:
        for members in tables:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    key = (a, b) if a < b else (b, a)
                    c = seen.get(key, 0)
                    repeats += c >= 1
                    seen[key] = c + 1
    return repeats


def _candidates(tables: int, grid: list[list[int]], rounds: int, rng: random.Random):
    """Multiplier sets to try: the finite field of order `tables` if there is one, then Z_tables variants."""
    rows = len(grid)
    field = _field(tables)
    if field is not None and rows <= tables:
        add_t, mul_t = field
        m = list(range(rows))
        s: list[int | tuple[str, int]] = [r % tables for r in range(rounds)]
        if rows == 4 and tables % 4 == 0 and all(len(row) == tables for row in grid):
            s = [r if r < tables else ('rows', r - tables) for r in range(rounds)]
        yield (lambda x, y: add_t[x][y]), (lambda x, y: mul_t[x][y]), m, s

    def add(x: int, y: int) -> int:
        return (x + y) % tables

    def mul(x: int, y: int) -> int:
        return x * y % tables

    units = [a for a in range(1, tables) if math.gcd(a, tables) == 1] or [1]
    for a in units[:4]:
        yield add, mul, [i * a % tables for i in range(rows)], [r % tables for r in range(rounds)]
    for _ in range(8 if tables <= 40 else 0):
        yield (
            add,
            mul,
            rng.sample(range(tables), min(rows, tables)) + [0] * (rows - tables),
            [rng.randrange(tables) for _ in range(rounds)],
        )
    yield add, mul, [0] * rows, [0] * rounds  # always valid: every round seats the grid's columns


def _field(q: int) -> tuple[list[list[int]], list[list[int]]] | None:
    """Addition and multiplication tables of GF(q) (q a prime power up to 256), else None."""
    if q < 4 or q > 64:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k, rest = 0, q
    while rest % p == 0:
        rest //= p
        k += 1
    if rest != 1 or k == 1:  # primes are covered by the Z_q candidates
        return None

    def digits(x: int) -> list[int]:
        return [(x // p**i) % p for i in range(k)]

    def number(ds: Sequence[int]) -> int:
        return sum(d * p**i for i, d in enumerate(ds))

    add = [
        [number([(u + v) % p for u, v in zip(digits(x), digits(y), strict=True)]) for y in range(q)] for x in range(q)
    ]
    for low in range(q):  # monic polynomial x^k + low(x); keep the first that makes a field
        poly = digits(low)
        mul = [[0] * q for _ in range(q)]
        for x in range(q):
            dx = digits(x)
            for y in range(q):
                prod = [0] * (2 * k - 1)
                for i, u in enumerate(dx):
                    if u:
                        for j, v in enumerate(digits(y)):
                            prod[i + j] = (prod[i + j] + u * v) % p
                for deg in range(2 * k - 2, k - 1, -1):  # x^k = -low(x)
                    c = prod[deg]
                    if c:
                        prod[deg] = 0
                        for i, u in enumerate(poly):
                            prod[deg - k + i] = (prod[deg - k + i] - c * u) % p
                mul[x][y] = number(prod[:k])
        if all(1 in mul[x] for x in range(1, q)):
            return add, mul
    return None
