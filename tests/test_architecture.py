"""The package's import graph: no cycles (counting imports inside functions), and stages only
import downwards, so the folder list reads as the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import docgen

PACKAGE = Path(docgen.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """Every docgen module imported anywhere in the file (TYPE_CHECKING blocks included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name in known:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    edges = {name: imports(path, known) - {name} for name, path in mods.items()}
    # importing a.b.c runs a/__init__ and a/b/__init__ first
    for name in list(edges):
        edges[name] = {t for t in edges[name] if not name.startswith(t + ".")}
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_has_no_cycle() -> None:
    assert find_cycle(graph()) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


# Lower layers never import higher ones. The CLI and the pipeline sit on top; the web app
# (docgen serve) sits beside the CLI.
LAYERS = [
    {"docgen.i18n", "docgen.errors", "docgen.notices", "docgen.files", "docgen.limits"},
    {"docgen.vi"},
    {"docgen.reader", "docgen.content"},
    {"docgen.scoring", "docgen.dossier", "docgen.render", "docgen.check"},
    {"docgen.documents", "docgen.export"},
    {"docgen.lifecycle", "docgen.pipeline", "docgen.fix"},
    {"docgen.cli", "docgen.web", "docgen.__main__"},
]


def layer(module: str) -> int | None:
    for i, names in enumerate(LAYERS):
        if any(module == n or module.startswith(n + ".") for n in names):
            return i
    return None


def test_stages_import_only_downwards() -> None:
    upward = []
    for source, targets in graph().items():
        for target in targets:
            a, b = layer(source), layer(target)
            if a is not None and b is not None and b > a:
                upward.append(f"{source} -> {target}")
    assert upward == []


def test_every_module_has_a_layer() -> None:
    assert [m for m in modules() if m != "docgen" and layer(m) is None] == []
