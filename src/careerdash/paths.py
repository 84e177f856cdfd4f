"""The career-progression graph and its path finder ("from role A, how do I reach B?").

Nodes are job titles folded with `title_key`, so a role named in one fiche and the career of
another fiche are one node. Edges run the way careers move: entry role → career (a fiche's
experience paths), career → next role (step 1), career → later role (step 2).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import pandas as pd

from .text import title_key

# When two fiches state the same move (one "évolue vers", the other "vient de"), show the
# forward statement.
KIND_RANK = {"next": 0, "later": 1, "entry": 2, "mobilite": 3, "related": 4}


@dataclass(frozen=True)
class Step:
    title: str
    career_id: str | None  # set when the role is a career of the database
    how: str | None  # the move that led here: entry | next | later


@dataclass
class Graph:
    edges: dict[str, set[tuple[str, str]]]  # node → {(next node, kind)}
    names: dict[str, str]  # node → a display title
    careers: dict[str, str]  # node → career_id

    def roles(self) -> list[str]:
        return sorted(self.names.values(), key=str.casefold)


def build_graph(moves: pd.DataFrame) -> Graph:
    """`moves`: career_id, career (title), title (role), kind, to_career_id, target."""
    graph = Graph(edges={}, names={}, careers={})

    def add(title: str, career_id: str | None) -> str:
        key = title_key(title)
        graph.names.setdefault(key, title)
        if career_id:
            graph.careers[key] = career_id
            graph.names[key] = title
        graph.edges.setdefault(key, set())
        return key

    sources = moves["source_kind"] if "source_kind" in moves else ["fiche"] * len(moves)
    for row, source in zip(moves.itertuples(), sources, strict=True):
        here = add(row.career, row.career_id)
        other = add(row.target, row.to_career_id if isinstance(row.to_career_id, str) else None)
        if row.kind == "entry":
            graph.edges[other].add((here, "entry"))
        elif row.kind in ("next", "later"):
            # ROME's mobilités are moves its holders can make, not a career's next step
            graph.edges[here].add((other, "mobilite" if source == "rome" else row.kind))
        elif row.kind == "related":  # O*NET: a neighbour, no direction
            graph.edges[here].add((other, "related"))
            graph.edges[other].add((here, "related"))
    return graph


def neighbourhood(moves: pd.DataFrame, career_id: str, hops: int = 2) -> dict[str, int]:
    """The careers around one career, up to `hops` resolved moves away: career_id → side
    (0 the career; +1, +2 where it leads; −1, −2 where one comes from; O*NET's related
    occupations, which have no direction, count as leading there)."""
    ahead: dict[str, set[str]] = {}
    behind: dict[str, set[str]] = {}
    for row in moves.itertuples():
        if not isinstance(row.to_career_id, str):
            continue
        a, b = (
            (row.to_career_id, row.career_id)
            if row.kind == "entry"
            else (
                row.career_id,
                row.to_career_id,
            )
        )
        ahead.setdefault(a, set()).add(b)
        behind.setdefault(b, set()).add(a)
    side = {career_id: 0}
    for links, sign in ((ahead, 1), (behind, -1)):
        frontier = {career_id}
        for step in range(1, hops + 1):
            frontier = {n for f in frontier for n in links.get(f, ())} - set(side)
            for node in frontier:
                side[node] = sign * step
    return side


def shortest_path(graph: Graph, start: str, goal: str) -> list[Step] | None:
    """The fewest moves from `start` to `goal` (titles), or None when no path exists."""
    a, b = title_key(start), title_key(goal)
    if a not in graph.edges or b not in graph.edges:
        return None
    previous: dict[str, tuple[str, str] | None] = {a: None}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b:
            break
        for nxt, kind in sorted(graph.edges[node], key=lambda e: (KIND_RANK[e[1]], e[0])):
            if nxt not in previous:
                previous[nxt] = (node, kind)
                queue.append(nxt)
    if b not in previous:
        return None
    steps: list[Step] = []
    node: str | None = b
    while node is not None:
        link = previous[node]
        steps.append(Step(graph.names[node], graph.careers.get(node), link[1] if link else None))
        node = link[0] if link else None
    return steps[::-1]
