"""The shape of our imports: no cycle, a core without domain, few and explained local imports.

The graph is read from the source with ``ast`` (nothing is imported): an edge is a
module-level ``import``/``from ... import`` of a ``gonghui`` module, class bodies and
``if``/``try`` blocks included, ``if TYPE_CHECKING:`` blocks and function bodies not
(they run later, when every module is loaded). ``from pkg import name`` is an edge to
``pkg.name`` when that is a module, else to ``pkg``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]
PACKAGE = SRC / "gonghui"

# Core is shared machinery with no domain: it reaches the union tree through
# ``core.scope.org_model()`` and each app through the registries the apps fill in.
DOMAIN_APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists() and p.name != "core")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    line: int
    targets: tuple[str, ...]  # the gonghui modules it loads
    local: bool  # inside a function body (runs when called, not when imported)
    function: str  # the innermost function's name ("" at module level)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "/migrations/" not in p.as_posix()}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import with the function it sits in ("" at module level), TYPE_CHECKING left out."""

    def walk(nodes: list[ast.stmt], function: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield node, function
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(node.body, node.name)
            elif isinstance(node, ast.If) and _is_type_checking(node):
                yield from walk(node.orelse, function)
            else:
                for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                    children = getattr(node, field, None) or []
                    yield from walk([c for c in children if isinstance(c, ast.stmt)], function)
                    for child in children:  # except handlers and match cases hold statements
                        if not isinstance(child, ast.stmt):
                            yield from walk(getattr(child, "body", []), function)

    yield from walk(tree.body, "")


def _targets(
    module: str, is_package: bool, node: ast.Import | ast.ImportFrom, known: set[str]
) -> tuple[str, ...]:
    """The modules whose code must have run for the import to succeed.

    ``from p import m`` of a submodule needs ``p.m``; of a name, ``p`` itself. The packages
    on the way (``p`` for ``p.m``) are left out: Python loads them first, and a package's
    ``__init__`` importing its own modules, which import each other, is no cycle.
    """
    if isinstance(node, ast.Import):
        wanted = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            origin = ".".join([*base, *([node.module] if node.module else [])])
        else:
            origin = node.module or ""
        wanted = [
            f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin for alias in node.names
        ]
    return tuple(sorted({name for name in wanted if name in known and name != module}))


def collect_imports(sources: dict[str, Path]) -> list[Import]:
    known = set(sources)
    found = []
    for module, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, function in _import_nodes(tree):
            targets = _targets(module, path.name == "__init__.py", node, known)
            found.append(Import(module, node.lineno, targets, bool(function), function))
    return found


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a → … → a) for every strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(v: str) -> None:  # Tarjan; the graph is small enough for recursion
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            connect(v)

    cycles = []
    for group in groups:
        start = min(group)
        # Shortest way back to the start inside the group (breadth first).
        previous: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in previous:
            following = []
            for v in frontier:
                for w in sorted(graph[v] & group):
                    if w not in previous:
                        previous[w] = v
                        following.append(w)
            frontier = following
        path = [start]
        node = previous[start]
        while node != start:
            path.append(node)
            node = previous[node]
        path.append(start)
        cycles.append(list(reversed(path)))
    return cycles


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return collect_imports(_sources())


def test_the_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle(imports: list[Import]) -> None:
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.module, set())
        if not imp.local:
            graph[imp.module].update(imp.targets)
    cycles = find_cycles(graph)
    assert not cycles, "import cycles among module-level imports:\n" + "\n".join(
        " → ".join(c) for c in cycles
    )


def test_core_imports_no_domain_app(imports: list[Import]) -> None:
    """Not at module level, nor hidden in a function: only under TYPE_CHECKING, for annotations."""
    domain = tuple(f"gonghui.{app}" for app in DOMAIN_APPS)
    assert "gonghui.orgs" in domain and "gonghui.accounts" in domain
    found = [
        f"{imp.module}:{imp.line} imports {target}"
        for imp in imports
        if imp.module.startswith("gonghui.core.") and ".tests." not in imp.module
        for target in imp.targets
        if target in domain or target.startswith(tuple(d + "." for d in domain))
    ]
    assert not found, "core has no domain:\n" + "\n".join(found)


def test_the_scope_leaf_imports_nothing_of_ours(imports: list[Import]) -> None:
    """Every model imports ``core.scope``: anything it imported would load before every model."""
    found = [imp for imp in imports if imp.module == "gonghui.core.scope" and imp.targets]
    assert not found, found


def _words(comment: str) -> str:
    """A comment without its tool directives (``noqa: F401``, ``type: ignore[...]``)."""
    comment = re.sub(r"noqa(:\s*[A-Z]+\d+(,\s*[A-Z]+\d+)*)?", "", comment)
    return re.sub(r"type:\s*ignore(\[[^\]]*\])?", "", comment).strip(" #")


def _reason(lines: list[str], line: int) -> str:
    """The comment on the import's line, or above it (one comment may head a group of imports)."""
    text = lines[line - 1]
    reason = _words(text.split("#", 1)[1]) if "#" in text else ""
    i = line - 2
    while not reason and i >= 0 and lines[i].strip().startswith(("#", "import ", "from ")):
        if lines[i].strip().startswith("#"):
            reason = _words(lines[i].strip())
        i -= 1
    return reason


def test_function_local_imports_say_why(imports: list[Import]) -> None:
    """A local import hides a cycle or defers a cost: each says which, except in AppConfig.ready."""
    sources = _sources()
    unexplained = []
    for imp in imports:
        if not imp.local or ".tests." in imp.module or imp.module.endswith(".conftest"):
            continue
        if imp.module.endswith(".apps") and imp.function == "ready":
            continue
        lines = sources[imp.module].read_text(encoding="utf-8").splitlines()
        if not _reason(lines, imp.line):
            unexplained.append(f"{imp.module}:{imp.line}  {lines[imp.line - 1].strip()}")
    assert not unexplained, (
        "move these imports to the top of the module, or say on the line why they must wait:\n"
        + "\n".join(unexplained)
    )
