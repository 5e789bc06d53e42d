"""The register's public surface: the outer layers (report, web, cli) import only what a register subpackage's
``__init__`` names in ``__all__``, and every name there exists."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import chitieu

PACKAGE = Path(chitieu.__file__).parent
SUBPACKAGES = ("db", "documents", "figures", "accounts", "consultation", "corrections")
OUTER = ("report", "web", "cli")


def _imports(layer: str) -> list[tuple[str, int, str, list[str]]]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chitieu.register"):
                found.append((str(path.relative_to(PACKAGE)), node.lineno, node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                found += [(str(path.relative_to(PACKAGE)), node.lineno, a.name, []) for a in node.names
                          if a.name.startswith("chitieu.register")]
    return found


def _public(module: str) -> set[str]:
    return set(importlib.import_module(module).__all__)


@pytest.mark.parametrize("layer", OUTER)
def test_outer_layers_import_only_the_subpackages_public_names(layer: str) -> None:
    wrong = []
    for path, line, module, names in _imports(layer):
        parts = module.split(".")
        if len(parts) > 3 or (len(parts) == 3 and parts[2] not in SUBPACKAGES):
            wrong.append(f"{path}:{line} imports {module}")
            continue
        hidden = sorted(set(names) - _public(module))
        if hidden or not names:
            wrong.append(f"{path}:{line} imports {', '.join(hidden) or module} from {module}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("module", ["chitieu.register", *(f"chitieu.register.{s}" for s in SUBPACKAGES)])
def test_every_public_name_exists(module: str) -> None:
    loaded = importlib.import_module(module)
    missing = [name for name in loaded.__all__ if not hasattr(loaded, name)]
    assert not missing
