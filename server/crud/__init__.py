"""Plain functions over a session, keyword-only arguments (the FastAPI template's crud, one module per job)."""
