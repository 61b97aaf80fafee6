"""Jaring district server (Dinas Sosial): sync API and web console."""
