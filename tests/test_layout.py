"""The layout follows the pipeline: imports point one way, down the stages, never in cycles.

    core -> spec -> engine -> sources -> api -> cli

A module imports only its own stage and the stages before it, at the top of the file
(a function-local import is allowed only for an optional extra such as matplotlib). A
module that only one command (or one top-level name) needs may be imported when it is used,
through a module-level table `DEFERRED_MODULES = {name: "estimator.module"}` and importlib
(see CONTRIBUTING.md); each name in such a table is checked here as an import at the top.
"""
import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "estimator"
STAGES = ["core", "spec", "engine", "sources", "api", "cli"]
OPTIONAL_EXTRAS = {"matplotlib", "huggingface_hub"}


def stage_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "estimator" or len(parts) == 1:
        return "top"
    return parts[1] if parts[1] in STAGES else "top"


def modules() -> dict:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        found[name] = path
    return found


MODULES = modules()
SUBMODULES = set(MODULES)


@functools.cache  # each module is read by its own test and by test_no_import_cycles
def imports_of(path: Path, name: str) -> tuple:
    """(imported module, line, at top level?) for every import of the package's own modules."""
    tree = ast.parse(path.read_text())
    top = {id(node) for node in tree.body}
    # `if TYPE_CHECKING:` at the top: imports a type checker reads and a run never makes (a name
    # looked up when used, through DEFERRED_MODULES); checked as imports at the top all the same
    top |= {id(child) for node in tree.body if isinstance(node, ast.If) and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING" for child in node.body}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    result = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from estimator.cli import render` imports the submodule estimator.cli.render
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in SUBMODULES else module
                       for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if target.startswith("estimator") or target.split(".")[0] in OPTIONAL_EXTRAS:
                result.append((target, node.lineno, id(node) in top))
    return tuple(result + deferred_imports(tree))


def deferred_imports(tree: ast.Module) -> list:
    """(module, line, True) for each module named in a top-level `DEFERRED_MODULES = {...}`."""
    result = []
    for node in tree.body:
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "DEFERRED_MODULES"
                                                 for t in node.targets)):
            assert isinstance(node.value, ast.Dict), f"line {node.lineno}: DEFERRED_MODULES must be a dict literal"
            for value in node.value.values:
                assert isinstance(value, ast.Constant) and isinstance(value.value, str), \
                    f"line {node.lineno}: DEFERRED_MODULES names each module as a string"
                assert value.value in SUBMODULES, f"line {value.lineno}: no module {value.value}"
                result.append((value.value, value.lineno, True))
    return result


def test_deferred_modules_are_read():
    """The tables exist where CONTRIBUTING.md says, and this file sees their names."""
    app = imports_of(MODULES["estimator.cli.app"], "estimator.cli.app")
    assert ("estimator.cli.page", True) in [(target, top) for target, _, top in app]
    assert "estimator.cli.page" in [target for target, _, _ in imports_of(MODULES["estimator"], "estimator")]




@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down_the_pipeline(name):
    own = STAGES.index(stage_of(name)) if stage_of(name) in STAGES else len(STAGES)
    wrong = []
    for target, line, at_top in imports_of(MODULES[name], name):
        if target.split(".")[0] in OPTIONAL_EXTRAS:
            continue
        if not at_top:
            wrong.append(f"line {line}: `{target}` imported inside a function")
        stage = stage_of(target)
        if stage in STAGES and STAGES.index(stage) > own:
            wrong.append(f"line {line}: `{target}` is a later stage ({stage}) than {stage_of(name)}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    graph = {}
    for name, path in MODULES.items():
        graph[name] = {t for t, _, _ in imports_of(path, name) if t in MODULES and t != name}
    state: dict = {}
    cycle: list = []

    def visit(node, trail):
        state[node] = "open"
        for child in sorted(graph[node]):
            if state.get(child) == "open":
                cycle.extend(trail[trail.index(child):] + [child] if child in trail else [node, child])
                return True
            if child not in state and visit(child, trail + [child]):
                return True
        state[node] = "done"
        return False

    for name in sorted(graph):
        if name not in state and visit(name, [name]):
            break
    assert cycle == []
