"""The layering contract in pyproject.toml holds, and no project module takes part in an import cycle.

Layers, from the top: screens (admin, API, pages, DOCX, commands), then the importer, duties,
roles (positions), orgchart (units), sources, core. A lower layer that imports a higher one breaks
`lint-imports`, and so this test.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

BASE_DIR = Path(__file__).resolve().parent.parent


def _root_packages() -> list[str]:
    with open(BASE_DIR / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["root_packages"]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion: the groups of modules that reach each other."""
    index, low, on_stack, stack, groups, counter = {}, {}, set(), [], [], 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups


def test_strongly_connected_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert sorted(map(len, _strongly_connected(graph))) == [1, 3]


def test_no_import_cycle_among_project_modules():
    # Imports inside functions count too: a cycle hidden in a function is still a cycle.
    sys.path.insert(0, str(BASE_DIR))
    try:
        graph = grimp.build_graph(*_root_packages(), cache_dir=None)
    finally:
        sys.path.remove(str(BASE_DIR))
    edges = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    cycles = [group for group in _strongly_connected(edges) if len(group) > 1]
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(group) for group in cycles)
