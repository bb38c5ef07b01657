"""Prints what the service's own modules import from other packages, as far as a
cold start of the `api` function loads it: the cold start's bare side imports that.

Run in a fresh process (`python -m bench.dependencies`), with the function's
environment: a module counts if the service's code imports it by name and the cold
start (importing `api.aws.handlers`, building the app) loaded it.
"""

import ast
import sys
from pathlib import Path

SERVICE = {"api", "domain", "projections", "storage"}


def named_in(source: str) -> set[str]:
    """Every module an import statement of the source names, `from x import y` as
    `x` and `x.y` (y may be a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def outside(name: str) -> bool:
    top = name.split(".", maxsplit=1)[0]
    return top not in SERVICE and top not in sys.stdlib_module_names


def main() -> None:
    import api.aws.handlers

    api.aws.handlers.HTTP.get()
    loaded = dict(sys.modules)
    files = {
        Path(file)
        for name, module in loaded.items()
        if name.split(".", maxsplit=1)[0] in SERVICE
        and (file := getattr(module, "__file__", None))
    }
    named = set().union(*(named_in(file.read_text()) for file in files))
    print(" ".join(sorted(name for name in named if name in loaded and outside(name))))


if __name__ == "__main__":
    main()
