"""Use cases the UI and the CLI call (no Qt). Each write returns what it changed (`Changes`)."""
