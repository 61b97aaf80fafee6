"""The district console's tables kept for its work lists, dashboard and person search (docs/console.md): review
flags, duplicate pairs, the projections' cursor, complaint steps, per-desa figures, name words and complaint
assignments. Imported by server/models.py, so every table is in one metadata."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from server.models import _json

__all__ = [
    "PersonOverride",
    "ReviewFlagRow",
    "DuplicatePair",
    "ProjectionCursor",
    "ComplaintStep",
    "AreaFigure",
    "PersonWord",
    "ComplaintAssignment",
    "PersonLinkWithdrawal",
]


class ReviewFlagRow(SQLModel, table=True):
    """One review flag of a record as the console's review list pages it (kept by crud/projections.py)."""

    __tablename__ = "review_flag"
    __table_args__ = (Index("review_flag_area", "area", "at"), Index("review_flag_code", "code", "area"))
    record_id: str = Field(primary_key=True, max_length=64)
    code: str = Field(primary_key=True, max_length=40)
    area: str = Field(max_length=16)
    at: datetime  # the record's last update (UTC)


class DuplicatePair(SQLModel, table=True):
    """A possible duplicate pair as the console's list pages it (kept by crud/projections.py): the two persons
    in the order person_link uses (a < b), why they pair, the group they pair in (the NIK, or name key and
    birth date), both areas (scope and desa filters) and whether the district has decided it."""

    __tablename__ = "duplicate_pair"
    __table_args__ = (
        Index("duplicate_pair_open", "decided", "reason", "group_key"),
        Index("duplicate_pair_a_area", "a_area"),
        Index("duplicate_pair_b_area", "b_area"),
        Index("duplicate_pair_b_record", "b_record"),
        Index("duplicate_pair_group", "group_key"),
        Index("duplicate_pair_decision", "decision", "a_area"),  # the Dukcapil follow-up (0017)
    )
    a_record: str = Field(primary_key=True, max_length=64)
    a_member: str = Field(primary_key=True, max_length=64)
    b_record: str = Field(primary_key=True, max_length=64)
    b_member: str = Field(primary_key=True, max_length=64)
    reason: str = Field(max_length=16)  # nik | name_birth
    group_key: str = Field(max_length=220)
    a_area: str = Field(max_length=16)
    b_area: str = Field(max_length=16)
    decided: bool = False
    decision: str | None = Field(default=None, max_length=16)  # person_link's: linked | dismissed | distinct


class ProjectionCursor(SQLModel, table=True):
    """The revision up to which a projection kept from the records (`review_flag`, `duplicate_pair`) is
    current: crud/projections.py catches up from it."""

    __tablename__ = "projection_cursor"
    name: str = Field(primary_key=True, max_length=32)
    rev: int = Field(sa_type=BigInteger)


class ComplaintStep(SQLModel, table=True):
    """How long a complaint stayed in one step: entered at one event, left at the next (kept with the work
    list's row, crud/worklist.py); the dashboard's median and p90 per step read it by (step, left_at)."""

    __tablename__ = "complaint_step"
    __table_args__ = (Index("complaint_step_left", "step", "left_at", "hours"),)
    record_id: str = Field(primary_key=True, max_length=64)
    step: str = Field(primary_key=True, max_length=20)
    entered_at: datetime = Field(primary_key=True)
    left_at: datetime
    hours: float
    area: str = Field(default="", max_length=16)


class AreaFigure(SQLModel, table=True):
    """One desa's dashboard figures, recounted from its own rows whenever a record of it changes
    (crud/projections.py), so the dashboard sums a few hundred rows instead of counting the district."""

    __tablename__ = "area_figure"
    area: str = Field(primary_key=True, max_length=16)
    households: int = 0
    persons: int = 0
    without_nik: int = 0
    complaints: int = 0
    flags: int = 0  # review flags (rows of review_flag)
    ppks: dict = _json(nullable=True)  # category code -> persons
    deciles: dict = _json(nullable=True)  # "1".."10" or "" -> households


class PersonWord(SQLModel, table=True):
    """Each word of a member's name, folded as the name key folds it (forms/domain/names.py), for the console's
    person search: a word's prefix is a range of this key, whatever the order the words are typed in (kept by
    crud/projections.py)."""

    __tablename__ = "person_word"
    word: str = Field(primary_key=True, max_length=60)
    record_id: str = Field(primary_key=True, max_length=64)
    member_id: str = Field(primary_key=True, max_length=64)


class ComplaintAssignment(SQLModel, table=True):
    """Who in the district office follows a complaint up (a console user), set on the console; the work list's
    `complaint_state.assigned_to` is copied from it whenever that row is rebuilt."""

    __tablename__ = "complaint_assignment"
    record_id: str = Field(primary_key=True, max_length=64)
    username: str = Field(max_length=64)
    assigned_by: str = Field(default="", max_length=80)
    assigned_at: datetime


class PersonOverride(SQLModel, table=True):
    """A waived NIK/birth-date check of a member with the volunteer's reason (the review page's list), kept by
    crud/projections.py so the page reads it by area instead of searching every household's answers."""

    __tablename__ = "person_override"
    __table_args__ = (Index("person_override_area", "area", "record_id"),)
    record_id: str = Field(primary_key=True, max_length=64)
    member_id: str = Field(primary_key=True, max_length=64)
    check: str = Field(primary_key=True, max_length=80)
    area: str = Field(max_length=16)
    name: str = Field(default="", max_length=200)
    reason: str = Field(default="", max_length=500)


class PersonLinkWithdrawal(SQLModel, table=True):
    """A confirmed "same person" link the district took back (crud/pairs.py `undo`): travels to the devices by
    pull at its `rev` so each removes the link it holds (the link row itself is gone)."""

    __tablename__ = "person_link_withdrawal"
    id: str = Field(primary_key=True, max_length=64)  # the withdrawn link's id
    a_record: str = Field(max_length=64)
    a_member: str = Field(max_length=64)
    b_record: str = Field(max_length=64)
    b_member: str = Field(max_length=64)
    a_area: str = Field(default="", max_length=16)
    b_area: str = Field(default="", max_length=16)
    withdrawn_by: str = Field(default="", max_length=80)
    withdrawn_at: datetime
    rev: int = Field(sa_type=BigInteger, index=True)
