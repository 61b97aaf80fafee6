"""`jaring-server`'s sub-commands, one module each: `register(subparsers)` adds the parser and sets `func`,
`run(args) -> int` is the exit status (as the app's `app/commands/`). `server/cli.py` only dispatches."""
