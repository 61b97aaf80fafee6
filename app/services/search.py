"""Paged, sorted lists and search-as-you-type over the projections."""

from __future__ import annotations

from app.store import complaint_queries, queries
from app.store.store import Store

# Search-as-you-type counts at most this many when every typed word finds very many persons (Page.exact False).
COUNT_CAP = 1_000


def list_persons(store: Store, *, query: str = "", sort: str = "name", descending: bool = False, offset: int = 0,
                 limit: int = 100, without_nik: bool = False) -> queries.Page:  # fmt: skip
    return queries.persons(store.db.reader(), query=query, sort=sort, descending=descending, offset=offset,
                           limit=limit, without_nik=without_nik,
                           count_cap=COUNT_CAP)  # fmt: skip


def list_complaints(store: Store, *, query: str = "", sort: str = "received", descending: bool = True,
                    offset: int = 0, limit: int = 100) -> queries.Page:  # fmt: skip
    return complaint_queries.complaints(store.db.reader(), query=query, sort=sort, descending=descending, offset=offset,
                              limit=limit)  # fmt: skip


def totals(store: Store) -> dict[str, int]:
    return queries.totals(store.db.reader())


def counts_by_desa_and_ppks(store: Store) -> list[tuple[str, str, int]]:
    return queries.counts_by_desa_and_ppks(store.db.reader())


def ppks_persons_by_desa(store: Store) -> list[tuple[str, int]]:
    return queries.ppks_persons_by_desa(store.db.reader())
