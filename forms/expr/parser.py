"""Text -> AST with lark (LALR, contextual lexer). Syntax errors become `ExpressionError` with a position."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, VisitError

from forms.expr.ast import Binary, Call, Column, Current, Literal, Lookup, Node, Parent, Ref, Unary

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
        value = (
            float(text.replace(".e", ".0e").rstrip(".")) if "." in text or "e" in text.lower() else int(text)
        )
        return Literal(_pos(children[0]), value)

    def string(self, meta, children):
        return Literal(_pos(children[0]), str(children[0])[1:-1])

    def ref(self, meta, children):
        return Ref(max(0, meta.column - 1), str(children[0]))

    def current(self, meta, children):
        return Current(max(0, meta.column - 1))

    def parent(self, meta, children):
        return Parent(max(0, meta.column - 1))

    def relpath(self, meta, children):
        # `../name` and `current()/../name` name a question; names are unique in a form, so the name decides
        token = children[0]
        return Ref(_pos(token), str(token).rsplit("/", 1)[1])

    def column(self, meta, children):
        return Column(_pos(children[0]), str(children[0]))

    def lookup(self, meta, children):
        name, *rest = children
        pos = _pos(name)
        if str(name) != "instance" or not rest:
            raise ExpressionError(f"a path after {name}() is not supported", pos)
        steps_at = next(i for i, c in enumerate(rest) if isinstance(c, Token) and c.type == "STEPS")
        args, steps, after = rest[:steps_at], str(rest[steps_at]), rest[steps_at + 1 :]
        args = [a for a in args if a is not None]
        if len(args) != 1 or not isinstance(args[0], Literal) or not isinstance(args[0].value, str):
            raise ExpressionError("instance() takes the name of a list in quotes", pos)
        predicate = after[0] if after else None
        tail = str(after[1]) if len(after) > 1 and after[1] is not None else ""
        parts = steps.strip("/").split("/")
        if parts[:2] != ["root", "item"] or len(parts) > 3 or (tail and len(parts) > 2):
            raise ExpressionError(f"instance('{args[0].value}') paths go /root/item[…]/column", pos)
        column = parts[2] if len(parts) == 3 else (tail.strip("/") or None)
        if column is not None and "/" in column:
            raise ExpressionError(f"instance('{args[0].value}') paths go /root/item[…]/column", pos)
        return Lookup(pos, args[0].value, predicate, column)

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
    except VisitError as err:
        if isinstance(err.orig_exc, ExpressionError):
            raise ExpressionError(err.orig_exc.message, err.orig_exc.pos, text) from None
        raise ExpressionError(f"cannot parse: {type(err.orig_exc).__name__}", None, text) from None
    except (LarkError, RecursionError) as err:
        raise ExpressionError(f"cannot parse: {type(err).__name__}", None, text) from None
