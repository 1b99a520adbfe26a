"""The search app's migrations hold frozen SQL and code: changing the project's
code never changes what an old migration does."""

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


def test_migrations_import_django_alone_and_load_no_module_by_name():
    files = sorted(MIGRATIONS.glob("0*.py"))
    assert files
    for path in files:
        for module in imported_modules(path):
            assert module.split(".")[0] == "django", (path.name, module)
