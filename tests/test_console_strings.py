"""The console's two string tables (server/web/strings.py) say the same things: the same keys, the same
`{placeholders}`, no empty text, and every key a template or route asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from server.web.strings import LANGUAGES

WEB = Path(__file__).resolve().parent.parent / "server" / "web"


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_indonesian_and_english_have_the_same_keys():
    ids, en = LANGUAGES["id"], LANGUAGES["en"]
    assert sorted(set(ids) - set(en)) == [], "Indonesian strings without English"
    assert sorted(set(en) - set(ids)) == [], "English strings without Indonesian"


def test_each_pair_has_the_same_placeholders_and_no_empty_text():
    ids, en = LANGUAGES["id"], LANGUAGES["en"]
    assert [k for k in ids if placeholders(ids[k]) != placeholders(en.get(k, ""))] == []
    assert [(lang, k) for lang, table in LANGUAGES.items() for k, v in table.items() if not v.strip()] == []


def test_every_key_the_pages_ask_for_exists():
    used: set[str] = set()
    for page in (WEB / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\.([a-z_0-9]+)", page.read_text(encoding="utf-8"))) - {"get"}
    for module in WEB.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        used |= set(re.findall(r"\b(?:t|ids|en|LANGUAGES\[[^\]]+\])\[\"([a-z_0-9]+)\"\]", text))
    assert len(used) > 100  # the patterns still find what the pages use
    assert sorted(used - set(LANGUAGES["id"])) == []
