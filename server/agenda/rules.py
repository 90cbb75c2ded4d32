"""The agenda tree as pure functions over (id, parent_id, position) triples."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, NamedTuple


class Node(NamedTuple):
    id: int
    parent_id: int | None
    position: int


def children_map(nodes: Iterable[Node]) -> dict[int | None, list[Node]]:
    kids: dict[int | None, list[Node]] = defaultdict(list)
    for n in nodes:
        kids[n.parent_id].append(n)
    for lst in kids.values():
        lst.sort(key=lambda n: (n.position, n.id))
    return kids


def flatten(nodes: Iterable[Node]) -> list[int]:
    """Reading order: depth first, siblings by position. This is the order next/previous follow."""
    kids = children_map(nodes)
    out: list[int] = []

    def walk(parent):
        for n in kids.get(parent, []):
            out.append(n.id)
            walk(n.id)

    walk(None)
    return out


def numbering(nodes: Iterable[Node]) -> dict[int, str]:
    """"1", "2", "2.1", "2.2" … as printed in a chương trình kỳ họp."""
    kids = children_map(nodes)
    out: dict[int, str] = {}

    def walk(parent, prefix):
        for i, n in enumerate(kids.get(parent, []), start=1):
            out[n.id] = f"{prefix}{i}"
            walk(n.id, f"{prefix}{i}.")

    walk(None, "")
    return out


def step(order: list[int], current: int | None, delta: int) -> int | None:
    """The item `delta` places from `current` in reading order, clamped to the ends."""
    if not order:
        return None
    if current not in order:
        return order[0]
    return order[max(0, min(len(order) - 1, order.index(current) + delta))]


def descendants(nodes: Iterable[Node], item_id: int) -> set[int]:
    kids = children_map(nodes)
    out: set[int] = set()
    stack = [item_id]
    while stack:
        for n in kids.get(stack.pop(), []):
            out.add(n.id)
            stack.append(n.id)
    return out


def move(nodes: list[Node], item_id: int, new_parent: int | None, index: int) -> dict[int, tuple[int | None, int]]:
    """Place `item_id` under `new_parent` at `index` among its new siblings.

    Returns the new (parent_id, position) of every node whose placement changed. Raises ValueError when
    the move would put an item inside itself.
    """
    if new_parent == item_id or new_parent in descendants(nodes, item_id):
        raise ValueError("an item cannot be moved inside itself")
    kids = children_map(n for n in nodes if n.id != item_id)
    siblings = [n.id for n in kids.get(new_parent, [])]
    index = max(0, min(index, len(siblings)))
    siblings.insert(index, item_id)
    before = {n.id: (n.parent_id, n.position) for n in nodes}
    changed = {}
    for pos, nid in enumerate(siblings):
        if before[nid] != (new_parent, pos):
            changed[nid] = (new_parent, pos)
    old = before[item_id][0]
    if old != new_parent:  # close the gap left behind
        for pos, n in enumerate(kids.get(old, [])):
            if n.position != pos:
                changed[n.id] = (old, pos)
    return changed
