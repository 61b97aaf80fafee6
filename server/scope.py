"""Who may see which area: a device its own area, a TKSK their kecamatan, an admin the whole district.

Areas are dotted Kemendagri codes; a scope covers itself and every code below it ("62.03.01" covers
"62.03.01.2011"). The empty scope is the whole district (an admin).
"""

from __future__ import annotations

from sqlalchemy import or_, true


def covers(scope: str, area: str) -> bool:
    """True when `area` lies inside `scope`."""
    if scope == "":
        return True
    return bool(area) and (area == scope or area.startswith(scope + "."))


def like_pattern(scope: str) -> str:
    """A SQL LIKE pattern for the areas strictly below `scope` (codes hold only digits and dots)."""
    return scope + ".%"


def in_scope(column, scope: str):  # noqa: ANN001, ANN201 - a SQLAlchemy column and its condition
    """SQL for "`column` (an area code) lies inside `scope`" — `covers` in a query; "" is the whole district."""
    return true() if not scope else or_(column == scope, column.like(like_pattern(scope)))
