"""What a test module defines, read from its source: test modules do not import each other."""

import ast
from functools import cache
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


@cache
def defined_functions(module: str) -> frozenset[str]:
    """The names of the top-level functions of a module of tests/ ("agreements/test_x.py")."""
    tree = ast.parse((TESTS / module).read_text(encoding="utf-8"))
    return frozenset(
        node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )
