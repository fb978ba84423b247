"""Rules of the code that a reviewer should not have to remember: read from the source itself.

Crossing unions has one way, ``unscoped("why")`` (a block) or ``Model.objects.unscoped("why")``
(a lazy manager), from ``core/scope.py``. These tests walk every module of the package and
refuse the other ways around the scope (``_base_manager``, ``scopes_disabled``,
``with_scopes_disabled``, ``django_scopes`` imported directly) and an ``unscoped`` without a
reason; the reasons are collected so that every crossing can be read in one list
(``pytest -q -s -k crossings`` prints it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import gonghui

PACKAGE = Path(gonghui.__file__).resolve().parent

# The names that step around the scope without saying why; allowed only in the leaf module.
AROUND_THE_SCOPE = {"_base_manager", "scopes_disabled", "with_scopes_disabled"}
HATCH_MODULE = "core/scope.py"
# ``core.scoping`` re-exports the leaf; it adds the lookups that log and audit.
DJANGO_SCOPES_ALLOWED = {HATCH_MODULE}
MIN_REASON_WORDS = 3


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if "/migrations/" in f"/{rel}":
            continue
        found.append((rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)))
    return found


MODULES = _modules()


def around_the_scope(modules: list[tuple[str, ast.Module]]) -> list[Finding]:
    """Every use of a forbidden name, and every ``django_scopes`` import, outside the leaf."""
    out = []
    for rel, tree in modules:
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Name):
                names = [node.id]
            elif isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, ast.alias):
                names = [node.name.rsplit(".", 1)[-1], node.asname or ""]
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [node.name]
            if rel != HATCH_MODULE:
                for name in names:
                    if name in AROUND_THE_SCOPE:
                        out.append(Finding(rel, getattr(node, "lineno", 0), name))
            if rel not in DJANGO_SCOPES_ALLOWED:
                module = ""
                if isinstance(node, ast.ImportFrom):
                    module = node.module or ""
                elif isinstance(node, ast.Import):
                    module = next((a.name for a in node.names if a.name.split(".")[0] == "django_scopes"), "")
                if module.split(".")[0] == "django_scopes":
                    out.append(Finding(rel, node.lineno, f"import from {module}"))
    return out


def _is_unscoped_call(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "unscoped") or (
        isinstance(func, ast.Attribute) and func.attr == "unscoped"
    )


def crossings(modules: list[tuple[str, ast.Module]]) -> tuple[list[Finding], list[Finding]]:
    """``unscoped(...)`` calls: (those with a reason, with the reason; those without one)."""
    reasoned, unreasoned = [], []
    for rel, tree in modules:
        if rel == HATCH_MODULE:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not _is_unscoped_call(node):
                continue
            first = node.args[0] if node.args else None
            if (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and len(first.value.split()) >= MIN_REASON_WORDS
            ):
                reasoned.append(Finding(rel, node.lineno, first.value))
            else:
                text = ast.unparse(node)  # the call as written
                unreasoned.append(Finding(rel, node.lineno, text))
    return reasoned, unreasoned


def test_nothing_steps_around_the_scope_but_the_named_hatch() -> None:
    found = around_the_scope(MODULES)
    assert not found, (
        'Cross unions with `unscoped("why")` or `Model.objects.unscoped("why")` from '
        "gonghui.core.scope, not with:\n" + "\n".join(map(str, found))
    )


def test_every_crossing_gives_its_reason() -> None:
    reasoned, unreasoned = crossings(MODULES)
    assert reasoned, "no unscoped() call found: has the walk lost the package?"
    assert not unreasoned, (
        f"unscoped() needs a string literal of at least {MIN_REASON_WORDS} words saying why it crosses "
        "unions:\n" + "\n".join(map(str, unreasoned))
    )


def test_crossings_are_listed_for_review() -> None:
    """The list a reviewer reads: every place that crosses unions, and why (shown with -s)."""
    reasoned, _ = crossings(MODULES)
    print(f"\n{len(reasoned)} crossings of the scope:")
    for f in sorted(reasoned, key=lambda f: (f.path, f.line)):
        print(f"  {f}")
    assert len({(f.path, f.line) for f in reasoned}) == len(reasoned)


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("Member._base_manager.filter(pk=1)", "around"),
        ("Member.objects.with_scopes_disabled().all()", "around"),
        ("with scopes_disabled():\n    pass", "around"),
        ("from django_scopes import scope", "around"),
        ("import django_scopes.state", "around"),
        ("with unscoped():\n    pass", "reason"),
        ("with unscoped('x'):\n    pass", "reason"),
        ("Member.objects.unscoped(REASON)", "reason"),
        ("Member.objects.unscoped(f'for {x} now')", "reason"),
    ],
)
def test_the_rules_catch_a_violation(source: str, rule: str) -> None:
    """The walk itself is tested: each way around the rules is found, named by file and line."""
    planted = [("members/planted.py", ast.parse(source))]
    found = around_the_scope(planted) if rule == "around" else crossings(planted)[1]
    assert found and all(f.path == "members/planted.py" and f.line == 1 for f in found)


def test_a_reasoned_crossing_passes() -> None:
    planted = [
        ("members/planted.py", ast.parse('with unscoped("the member moves between unions"):\n    pass'))
    ]
    assert around_the_scope(planted) == []
    assert crossings(planted) == ([Finding("members/planted.py", 1, "the member moves between unions")], [])
