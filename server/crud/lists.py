"""What the console's work lists share: the filters a user chose (checked: an area outside their scope is
dropped, never widened), and one page of a query with the true count of all its rows, read through indexes —
never every row loaded and then sliced."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.scope import covers, in_scope

PAGE_SIZE = 50
MAX_PAGE = 100_000


@dataclass(frozen=True)
class ListFilters:
    """A list's filters: `area` (a desa or kecamatan inside the scope, else ""), `kind` (a reason, a flag code,
    a state…: checked by the list against its own choices), `sort` (one of the list's sorts), `q`, `page`."""

    area: str = ""
    kind: str = ""
    sort: str = ""
    q: str = ""
    page: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, raw: dict[str, str], scope: str, *, kinds: tuple[str, ...] = (), sorts: tuple[str, ...] = ("",),
           extra: tuple[str, ...] = ()) -> ListFilters:  # fmt: skip
        area = (raw.get("area") or "").strip()
        try:
            page = max(1, min(int(raw.get("page", "1")), MAX_PAGE))
        except ValueError:
            page = 1
        kind = raw.get("kind", "")
        return cls(area=area if re.fullmatch(r"[0-9.]{2,16}", area) and covers(scope, area) else "",
                   kind=kind if kind in kinds else "", sort=raw.get("sort") if raw.get("sort") in sorts else sorts[0],
                   q=(raw.get("q") or "").strip()[:100], page=page,
                   extra={k: raw.get(k, "")[:40] for k in extra if raw.get(k)})  # fmt: skip

    def query(self, **changes: Any) -> str:
        """The filters as a query string (what a link or a redirect carries to come back to this place)."""
        from urllib.parse import urlencode

        values = {"area": self.area, "kind": self.kind, "sort": self.sort, "q": self.q, "page": self.page}
        values |= self.extra | changes
        return urlencode([(k, v) for k, v in values.items() if v and not (k == "page" and v == 1)])


@dataclass(frozen=True)
class Paged:
    rows: list
    total: int
    page: int
    pages: int


def area_clause(column, scope: str, area: str) -> list:  # noqa: ANN001 - a column
    """The scope, and the chosen area inside it."""
    return [in_scope(column, scope)] + ([in_scope(column, area)] if area else [])


def paged(session: Session, query, order: list, page: int, size: int | None = None,  # noqa: ANN001 - a select
          total: int | None = None) -> tuple[list, int, int, int]:  # fmt: skip
    """(rows of `page`, total, page, pages) of `query` in `order`: a count (unless the caller knows it, from
    kept figures), then LIMIT/OFFSET; a page past the end shows the last page."""
    size = size or PAGE_SIZE
    if total is None:
        total = session.execute(
            select(func.count()).select_from(query.order_by(None).subquery())
        ).scalar_one()
    pages = max(1, -(-total // size))
    page = min(page, pages)
    rows = session.execute(query.order_by(*order).limit(size).offset((page - 1) * size)).all()
    return rows, total, page, pages
