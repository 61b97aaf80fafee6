"""`jaring-server`: the district server's command line."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jaring-server", description="Jaring — server Dinas Sosial.")
    parser.add_argument("--version", action="version", version=f"jaring-server {version('jaring')}")
    parser.parse_args(argv)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
