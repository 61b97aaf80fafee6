"""Text -> AST with lark (LALR, contextual lexer). Syntax errors become `ExpressionError` with a position."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from forms.expr.ast import Binary, Call, Current, Literal, Node, Ref, Unary

MAX_LENGTH = 4000  # no real form needs longer; keeps a hostile definition from costing much


class ExpressionError(ValueError):
    """A bad expression: `message` says why, `pos` is the 0-based column (or None)."""

    def __init__(self, message: str, pos: int | None = None, text: str = ""):
        self.message, self.pos, self.text = message, pos, text
        where = f" at column {pos + 1}" if pos is not None else ""
        super().__init__(f"{message}{where}")


@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = (Path(__file__).parent / "grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True, maybe_placeholders=True)


def _pos(item) -> int:
    if isinstance(item, Token):
        return max(0, (item.column or 1) - 1)
    if isinstance(item, Node):
        return item.pos
    meta = getattr(item, "meta", None)
    return max(0, (getattr(meta, "column", 1) or 1) - 1)


@v_args(meta=True)
class _ToAst(Transformer):
    def number(self, meta, children):
        text = str(children[0])
        value = float(text) if "." in text else int(text)
        return Literal(_pos(children[0]), value)

    def string(self, meta, children):
        return Literal(_pos(children[0]), str(children[0])[1:-1])

    def ref(self, meta, children):
        return Ref(max(0, meta.column - 1), str(children[0]))

    def current(self, meta, children):
        return Current(max(0, meta.column - 1))

    def neg(self, meta, children):
        return Unary(max(0, meta.column - 1), "-", children[0])

    def call(self, meta, children):
        name, *args = children
        args = tuple(a for a in args if a is not None)
        return Call(_pos(name), str(name), args)

    def _chain(self, children, op_of):
        node = children[0]
        i = 1
        while i < len(children):
            op, right = op_of(children, i)
            node = Binary(node.pos, op, node, right)
            i += 2 if op_of is self._explicit_op else 1
        return node

    @staticmethod
    def _explicit_op(children, i):
        return str(children[i]), children[i + 1]

    def arith(self, meta, children):
        return self._chain(children, self._explicit_op)

    def compare(self, meta, children):
        return self._chain(children, self._explicit_op)

    def or_(self, meta, children):
        return self._chain(children, lambda c, i: ("or", c[i]))

    def and_(self, meta, children):
        return self._chain(children, lambda c, i: ("and", c[i]))


@lru_cache(maxsize=4096)
def parse(text: str) -> Node:
    """Parse an expression; raises ExpressionError (never anything else) on bad input."""
    if not isinstance(text, str):
        raise ExpressionError("expression must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise ExpressionError("empty expression", 0, text)
    try:
        tree = _lark().parse(text)
        return _ToAst().transform(tree)
    except UnexpectedCharacters as err:
        raise ExpressionError(
            f"unexpected character {text[err.pos_in_stream]!r}", err.pos_in_stream, text
        ) from None
    except UnexpectedEOF:
        raise ExpressionError("expression ends too early", len(text), text) from None
    except UnexpectedInput as err:
        token = getattr(err, "token", None)
        pos = getattr(err, "pos_in_stream", None)
        if token is not None and getattr(token, "type", "") == "$END":
            raise ExpressionError("expression ends too early", len(text), text) from None
        shown = f" {str(token)!r}" if token is not None and str(token) else ""
        raise ExpressionError(f"unexpected{shown or ' end'}", pos, text) from None
    except (LarkError, RecursionError) as err:
        raise ExpressionError(f"cannot parse: {type(err).__name__}", None, text) from None
