"""One file per schema step: `mNNNN_<what>.py` with `upgrade(conn)`. PRAGMA user_version holds the version."""
