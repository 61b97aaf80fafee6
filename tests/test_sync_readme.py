"""sync/README.md documents every message with an example; each example must parse as its model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from sync import protocol

README = Path(__file__).resolve().parent.parent / "sync" / "README.md"
EXAMPLE = re.compile(r"<!-- model: (\w+) -->\s*```json\n(.*?)\n```", re.S)
TOP_LEVEL = {"EnrollRequest", "EnrollAnswer", "PushBatch", "PushResponse", "PullPage", "AttachmentChunk",
             "AttachmentStatus", "ErrorBody", "BundleHeader", "OutboundPayload", "ReturnPayload"}  # fmt: skip


def examples() -> list[tuple[str, str]]:
    return EXAMPLE.findall(README.read_text(encoding="utf-8"))


def test_every_top_level_message_has_an_example():
    assert TOP_LEVEL <= {name for name, _ in examples()}


@pytest.mark.parametrize(("name", "text"), examples(), ids=[name for name, _ in examples()])
def test_example_is_valid_for_its_model(name: str, text: str):
    model = getattr(protocol, name)
    assert issubclass(model, BaseModel)
    parsed = model.model_validate(json.loads(text))
    assert type(parsed).model_validate_json(parsed.model_dump_json()) == parsed
