"""Union-find over hashable, ordered items: the smaller item of two joined sets is its root,
so that groups (and the IRIs minted from their roots) do not depend on the order of unions."""
from __future__ import annotations

from typing import Hashable, Iterable


class UnionFind:
    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        self.parent: dict = {item: item for item in items}

    def find(self, item):
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b) -> bool:
        """Join the sets of ``a`` and ``b``; False when they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True

    def groups(self) -> dict:
        """Root → members, members in order."""
        found: dict = {}
        for item in sorted(self.parent):
            found.setdefault(self.find(item), []).append(item)
        return found
