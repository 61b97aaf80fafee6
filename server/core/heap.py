"""The serving process's heap, settled once before the first request.

A push allocates a great many short-lived containers (a household is ~90 answers, its clocks, projections and
rows), so the garbage collector ran often, and every full collection walked the long-lived objects too — the
form definitions with their compiled plans, the region table, the web framework: ~12% of the CPU a pushed
household cost. Loading what every request needs first and freezing it (`gc.freeze`) takes those out of
every collection, and a higher first threshold lets a batch's garbage be counted in fewer, equally thorough
collections. Reference counting still frees everything acyclic at once; cycles are still collected.
"""

from __future__ import annotations

import gc

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

FIRST_GENERATION_THRESHOLD = 20_000  # allocations between young collections (CPython's default: 700)


def settle(engine: Engine) -> None:
    """Load the definitions and region table requests use, then freeze everything alive now."""
    from forms.domain.regions import loaded_version
    from forms.projection import project
    from forms.validate import validate
    from server.crud.forms import process_registry

    loaded_version()  # the region table, read from its snapshot
    with Session(engine) as session:
        for form in process_registry(session).all():
            validate(form, {})  # compiles the form's plan (forms/plan.py), kept with the definition
            project(form, {})
    gc.collect()
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, second, third)
