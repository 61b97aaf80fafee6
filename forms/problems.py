"""What every part says when something is wrong: a machine code plus Indonesian and English messages.

`Problem` is a finding about data (an answer, a NIK, a record) with a severity and a field path.
`UserError` is an exception for errors a user can cause (a wrong password, a tampered bundle); the UI
and CLI show its messages, never a traceback. Both carry the same three texts so the server's
rejections, the form's inline messages and the CLI's output read the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: `code` is stable snake_case English; `id`/`en` are the Indonesian/English messages."""

    code: str
    id: str
    en: str
    severity: Severity = Severity.ERROR
    path: str = ""
    overridable: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def at(self, path: str) -> Problem:
        """The same finding attached to a field path."""
        return replace(self, path=path)

    def message(self, lang: str = "id") -> str:
        return self.en if lang == "en" else self.id


class Findings:
    """`errors` and `warnings` of whatever holds `problems` (a validation result, a checked NIK or No. KK)."""

    __slots__ = ()
    problems: Sequence[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class UserError(Exception):
    """An error the user caused and can act on. Subclasses set `code`; messages come per instance."""

    code = "user_error"

    def __init__(self, id: str, en: str, *, code: str | None = None):
        super().__init__(en)
        self.id = id
        self.en = en
        if code:
            self.code = code

    def message(self, lang: str = "id") -> str:
        return self.en if lang == "en" else self.id


class ListedError(UserError):
    """A user error that names everything found at once: a head line in each language over one list.

    Subclasses set `code` and the heads, with `{}` where the subject (a form id, a file name) goes."""

    head_id = "{} tidak dapat dipakai"
    head_en = "{} cannot be used"

    def __init__(self, subject: str, problems: list[str]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"{self.head_id.format(subject)}:\n{listing}", f"{self.head_en.format(subject)}:\n{listing}"
        )


class NotInstalled(UserError):
    """A program this installation does not carry: `jaring` after `pip install "jaring[server]"` or
    `jaring-server` after `pip install "jaring[laptop]"` (one distribution, both commands on the PATH)."""

    code = "not_installed"
    PROGRAMS = {"laptop": ("Aplikasi laptop Jaring", "Jaring's desktop app"),
                "server": ("Server kabupaten Jaring", "Jaring's district server")}  # fmt: skip

    def __init__(self, extra: str, module: str):
        program_id, program_en = self.PROGRAMS[extra]
        super().__init__(
            f'{program_id} tidak terpasang di sini (modul {module} tidak ada). Pasang: pip install "jaring[{extra}]"',
            f'{program_en} is not installed here (no module {module}). Install it: pip install "jaring[{extra}]"',
        )
