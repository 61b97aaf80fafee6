"""Jaring's domain vocabulary and form engine, shared by the desktop app and the server (no Qt, no database)."""
