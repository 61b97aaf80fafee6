"""How CLI commands open the store: data dir from --data-dir/JARING_DATA_DIR, operator from --operator/
JARING_OPERATOR (or the only one), password from JARING_PASSWORD or a prompt that does not echo; and close
it, whatever the command's work raised (`with open_store(args) as store:`)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager

from app.paths import data_dir
from app.store.errors import StoreMissing, UnknownOperator
from app.store.store import Store
from forms.problems import UserError


def read_password(prompt: str = "Kata sandi / Password: ", env: str = "JARING_PASSWORD") -> str:
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\n")
    return getpass.getpass(prompt)


def choose_operator(args: argparse.Namespace, operators: list[str]) -> str:
    name = args.operator or os.environ.get("JARING_OPERATOR")
    if name:
        if name not in operators:
            raise UnknownOperator(name)
        return name
    if len(operators) == 1:
        return operators[0]
    raise UserError(
        f"Pilih operator dengan --operator (ada: {', '.join(operators)}).",
        f"Choose an operator with --operator (available: {', '.join(operators)}).",
        code="operator_required",
    )


@contextmanager
def open_store(args: argparse.Namespace) -> Iterator[Store]:
    """The store the command line names, open for the `with` block and closed after it."""
    where = data_dir(args.data_dir)
    if not Store.exists(where):
        raise StoreMissing(str(where))
    operator = choose_operator(args, Store.operators(where))
    with closing(Store.open(where, operator, read_password())) as store:
        yield store
