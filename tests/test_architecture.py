"""The house rules of ARCHITECTURE.md, checked on the source: the import graph has no cycle
between modules, layers import downwards only, and no surface imports another surface."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ftcost"

# Each module or package of ftcost, by layer; a module may import its own layer or lower ones.
LAYERS: dict[str, int] = {
    "errors": 0,
    "collector": 0,
    "units": 1,
    "fields": 2,
    "model": 3,
    "pricing": 4,
    "lifecycle": 4,
    "basemodels": 5,
    "tokens": 5,
    "engine": 6,
    "spend": 6,
    "scenarios": 7,
    "dataset": 7,
    "xlsxio": 7,
    "functions": 7,  # the FT_* functions as plain Python: no xlwings
    # surfaces: each writes or serves one kind of thing; none imports another
    "template": 8,
    "report": 8,
    "udfs": 8,
    "server": 8,
    # front-ends: call the surfaces' public API
    "jobs": 9,
    "cli": 10,
    "__main__": 11,
    "__init__": 11,  # the package's public API re-exports the library
}
SURFACES = {"template", "report", "udfs", "server"}


def _unit(module: str) -> str:
    """ftcost.engine.kernels → engine; ftcost.cli → cli."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1] if len(parts) > 1 else parts
    return ".".join(parts) if parts != ["ftcost"] else "ftcost.__init__"


def _imports(path: Path, module: str) -> set[str]:
    """ftcost modules imported anywhere in the file (lazy imports in functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if module == "ftcost.__init__":
        package = "ftcost"
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("ftcost")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("ftcost"):
                if (
                    node.module is None or target == "ftcost"
                ):  # from . import x / from ftcost import x
                    out |= {f"{target}.{a.name}" for a in node.names}
                else:
                    out.add(target)
    return out


def _graph() -> dict[str, set[str]]:
    g: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        module = _module_name(path)
        g.setdefault(_unit(module), set()).update(
            _unit(t) for t in _imports(path, module) if _unit(t) in LAYERS
        )
    return g


def test_every_module_has_a_layer():
    assert set(_graph()) <= set(LAYERS), set(_graph()) - set(LAYERS)


def test_layers_import_downwards_only():
    wrong = [
        f"{a} (layer {LAYERS[a]}) imports {b} (layer {LAYERS[b]})"
        for a, targets in _graph().items()
        for b in targets
        if b != a and LAYERS[b] > LAYERS[a]
    ]
    assert wrong == []


def test_no_surface_imports_another():
    g = _graph()
    wrong = [f"{a} imports {b}" for a in SURFACES for b in g.get(a, ()) if b in SURFACES - {a}]
    assert wrong == []


def test_no_cycle_between_modules():
    g = {a: {b for b in targets if b != a} for a, targets in _graph().items()}
    seen: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        seen[node] = 1
        for nxt in sorted(g.get(node, ())):
            if seen.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in seen and (cycle := visit(nxt, [*path, node])):
                return cycle
        seen[node] = 2
        return None

    for start in sorted(g):
        if start not in seen:
            cycle = visit(start, [])
            assert cycle is None, " → ".join(cycle)


def test_xlwings_only_in_udfs_and_server_openpyxl_only_in_writers():
    heavy = {"xlwings": {"udfs", "server"}, "openpyxl": {"template", "report", "xlsxio", "jobs"}}
    wrong = []
    for path in SRC.rglob("*.py"):
        unit = _unit(_module_name(path))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top in heavy and unit not in heavy[top]:
                    wrong.append(f"{path.relative_to(SRC)} imports {name}")
    assert wrong == []


@pytest.mark.parametrize("module", ["ftcost.functions", "ftcost.template"])
def test_importable_without_xlwings(module):
    import subprocess
    import sys

    code = f"import sys; sys.modules['xlwings'] = None; import {module}"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
