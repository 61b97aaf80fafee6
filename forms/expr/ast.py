"""The expression AST: a few frozen node types, each carrying its position in the source text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Node:
    pos: int  # 0-based column of the node in the expression


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: object


@dataclass(frozen=True, slots=True)
class Ref(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Current(Node):
    pass


@dataclass(frozen=True, slots=True)
class Parent(Node):
    """`..`: the enclosing repeat item (what `position(..)` asks about)."""


@dataclass(frozen=True, slots=True)
class Column(Node):
    """A bare name inside a lookup's predicate: that column of the list item being tested."""

    name: str


@dataclass(frozen=True, slots=True)
class Lookup(Node):
    """`instance('list')/root/item[predicate]/column`: the matching items' column (a list)."""

    instance: str
    predicate: Node | None
    column: str | None


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str  # + - * div mod = != < <= > >= and or
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


def walk(node: Node):
    """Every node of the tree, depth first."""
    yield node
    if isinstance(node, Unary):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Lookup) and node.predicate is not None:
        yield from walk(node.predicate)


def references(node: Node) -> set[str]:
    """Names of the fields an expression reads."""
    return {n.name for n in walk(node) if isinstance(n, Ref)}
