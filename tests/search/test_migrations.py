"""The search app's migrations hold frozen SQL: changing the engines' code never
changes what an old migration does."""

import ast
from pathlib import Path

import content.search

MIGRATIONS = Path(content.search.__file__).parent / "migrations"


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.module or ""
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "import_module":
            yield "import_module"


def test_no_migration_imports_the_search_app_or_loads_modules_by_name():
    files = sorted(MIGRATIONS.glob("0*.py"))
    assert files
    for path in files:
        for module in imported_modules(path):
            assert not module.startswith("content.search"), (path.name, module)
            assert module != "import_module", path.name
