"""The shape of the code (docs/architecture.md): no two server packages import each other, no package
takes part in an import cycle, no module imports a private name of another package, no area's api.py
imports another's, and the browser client has no import cycle. Lazy imports inside functions count."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"


def _unit(module: str) -> str:
    """server.voting.casting → voting; server.db → db."""
    return module.split(".")[1]


def _imports(path: Path):
    """(imported module, imported names) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [a.name for a in node.names]


def server_graph() -> tuple[dict[str, set[str]], list[str]]:
    edges: dict[str, set[str]] = {}
    private: list[str] = []
    for path in SERVER.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        module = ".".join(rel.parts)
        if "migrations" in rel.parts:
            continue
        src = _unit(module)
        for target, names in _imports(path):
            if not target.startswith("server.") and target != "server":
                continue
            for name in names or [None]:
                full = target if target != "server" else f"server.{name}"
                dst = _unit(full)
                if dst != src:
                    edges.setdefault(src, set()).add(dst)
                    if name and name.startswith("_") and not name.startswith("__"):
                        private.append(f"{module} imports {full}.{name}")
                if rel.name == "api" and full.endswith(".api") and _unit(full) != src:
                    private.append(f"{module} imports another area's {full}")
    return edges, private


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}}) == []


def test_no_two_server_packages_import_each_other():
    edges, _ = server_graph()
    ties = sorted({tuple(sorted((a, b))) for a, targets in edges.items() for b in targets if a in edges.get(b, ())})
    assert ties == [], f"two-way ties: {ties}"
    assert cycles(edges) == [], f"import cycles: {cycles(edges)}"


def test_no_private_names_or_other_areas_routes_are_imported():
    _, private = server_graph()
    assert private == []


def test_no_area_imports_the_live_layer():
    edges, _ = server_graph()
    importers = sorted(src for src, targets in edges.items() if "live" in targets)
    assert importers == ["app"], importers


def test_the_journal_imports_no_area():
    edges, _ = server_graph()
    assert edges["journal"] <= {"db", "errors"}, edges["journal"]


_JS_IMPORT = re.compile(r"""^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}/[^'"]+\.js)['"]""",
                        re.MULTILINE)


def client_graph() -> dict[str, set[str]]:
    src = ROOT / "client" / "src"
    edges: dict[str, set[str]] = {}
    for path in src.rglob("*.js"):
        for m in _JS_IMPORT.finditer(path.read_text()):
            target = (path.parent / (m.group(1) or m.group(2))).resolve()
            if target.suffix == ".js":
                edges.setdefault(str(path.relative_to(src)), set()).add(str(target.relative_to(src)))
    return edges


def test_the_client_has_no_import_cycle():
    edges = client_graph()
    assert "main.js" in edges and any("views/" in t for t in edges["main.js"])  # the walk sees the imports
    assert cycles(edges) == [], cycles(edges)
    assert not any("main.js" in targets for targets in edges.values()), "nothing imports main.js"


# docs/architecture.md, as a check: each unit imports only from layers below its own (the base may
# import within itself, acyclically)
LAYERS = [
    {"config", "errors", "db", "shapes", "validation", "security", "group_commit", "openapi", "migrate", "tls",
     "timestamping"},
    {"journal"},
    {"accounts"},
    {"councils"},
    {"sessions"},
    {"agenda", "attendance"},
    {"documents", "console", "voting", "speaking"},
    {"notes", "receipts", "petitions"},  # over documents (notes, receipts; petitions use its store and folding)
    {"questioning"},  # slips cite petition cases; selected groups become agenda sub-items with floor requests
    {"archive"},
    {"live"},
    {"models", "demo", "app"},
    {"cli", "wsgi"},
]


def test_every_import_goes_down_the_layers():
    level = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}
    edges, _ = server_graph()
    assert set(edges) | {t for ts in edges.values() for t in ts} <= set(level), "a unit missing from LAYERS"
    upward = sorted(f"{a} → {b}" for a, ts in edges.items() for b in ts if level[b] >= level[a] and level[a] > 0)
    assert upward == []
