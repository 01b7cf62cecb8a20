"""`filmtui schema`: the JSON Schema of the export."""

from __future__ import annotations

import argparse

from filmtui.cli.common import Parser, write_stdout


def build_parser() -> Parser:
    """Build the parser for `filmtui schema`."""
    return Parser(prog="filmtui schema", description="Print the export's JSON Schema.")


def run(options: argparse.Namespace) -> int:
    """Write the schema to stdout."""
    from filmtui.export import schema_json

    return write_stdout(schema_json())
