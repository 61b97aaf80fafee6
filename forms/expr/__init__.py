"""A safe expression language for relevance, constraints and calculations: the XPath subset XLSForms use.

Parsed with a lark LALR grammar into a small AST (`ast.py`), checked against a form's fields, then compiled
into Python closures (`compile.py`) — never `eval`. Errors carry the position in the expression.
"""

from forms.expr.ast import Node
from forms.expr.compile import Env, compile_expr
from forms.expr.parser import ExpressionError, parse

__all__ = ["Env", "ExpressionError", "Node", "compile_expr", "parse"]
