"""The sync contract shared by app and server: protocol messages, clocks, merge, bundles (no Qt, no database)."""
