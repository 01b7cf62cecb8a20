"""`filmtui import` as a user runs it: real processes, files, pipes and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_LISTING, RunCli

SEED_ARGS = ("--title", "Paris", "--rating-system", "New Zealand")


def test_import_to_stdout_then_export_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    """stdout carries the TOML only; saved, it exports like any record."""
    result = run_cli("import", SEED_LISTING, *SEED_ARGS)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.count(b"\n[[quotes]]\n") == 4
    (tmp_path / "paris.toml").write_bytes(result.stdout)
    exported = run_cli("export", tmp_path / "paris.toml")
    assert exported.returncode == 0, exported.stderr
    record = json.loads(exported.stdout)
    assert record["rating"]["system"] == "New Zealand"
    assert len(record["listing_review"]["text"].split("\n\n")) == 5


def test_import_reads_stdin(run_cli: RunCli) -> None:
    """`-` reads the listing from stdin; a Windows-ended listing gives the same record."""
    from_file = run_cli("import", SEED_LISTING, *SEED_ARGS).stdout
    crlf = SEED_LISTING.read_bytes().replace(b"\n", b"\r\n")
    result = run_cli("import", "-", *SEED_ARGS, input=crlf)
    assert result.returncode == 0, result.stderr
    assert result.stdout == from_file


def test_output_directory_gets_a_slug_and_existing_files_are_kept(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """`-o DIR` writes DIR/<slug>.toml; a second run refuses to overwrite without --force."""
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    first = run_cli("import", SEED_LISTING, *SEED_ARGS, "--year", "2008", "-o", shelf)
    assert first.returncode == 0, first.stderr
    written = shelf / "paris-2008.toml"
    assert first.stderr == f"filmtui: wrote {written}: 4 quotes, a review\n".encode()
    assert first.stdout == b""
    written.write_text("# mine\n")
    again = run_cli("import", SEED_LISTING, *SEED_ARGS, "--year", "2008", "-o", written)
    assert again.returncode == 2
    assert (
        again.stderr == f"filmtui: {written}: already exists; add --force to replace it\n".encode()
    )
    assert written.read_text() == "# mine\n"
    forced = run_cli("import", SEED_LISTING, *SEED_ARGS, "-y", "2008", "-o", shelf, "--force")
    assert forced.returncode == 0, forced.stderr
    assert written.read_text().count("[[quotes]]") == 4
    assert sorted(path.name for path in shelf.iterdir()) == ["paris-2008.toml"]  # no temp file


def test_output_into_a_missing_directory_fails_cleanly(run_cli: RunCli, tmp_path: Path) -> None:
    """A path in a folder that does not exist: one line, exit 1, nothing written."""
    result = run_cli("import", SEED_LISTING, *SEED_ARGS, "-o", tmp_path / "nope" / "x.toml")
    assert result.returncode == 1
    assert result.stderr.startswith(b"filmtui: cannot write ")
    assert b"Traceback" not in result.stderr


def test_without_title_the_listing_does_not_name_the_film(run_cli: RunCli) -> None:
    """No --title: the message says why it is needed."""
    result = run_cli("import", SEED_LISTING)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"the listing does not name the film" in result.stderr
    assert result.stderr.count(b"\n") == 1


def test_unclassifiable_block_names_the_listing_and_line(run_cli: RunCli, tmp_path: Path) -> None:
    """The error of the issue, word for word, exit 2, no traceback."""
    text = SEED_LISTING.read_text(encoding="utf-8")
    unclear = "Highly recommended to anyone who has ever loved a city and the people in it, really"
    text = text.replace("Lumiere Reader [Wellington]", f"{unclear}\n\nLumiere Reader [Wellington]")
    listing = tmp_path / "LISTING"
    listing.write_text(text, encoding="utf-8")
    line = text.splitlines().index(unclear) + 1
    result = run_cli("import", "LISTING", "--title", "Paris")
    assert result.returncode == 2
    assert (
        result.stderr
        == (
            f"filmtui: LISTING:{line}: cannot tell whether this is a review paragraph or a "
            "publication heading\n"
        ).encode()
    )
    assert result.stdout == b""


def test_bad_inputs_get_one_line_each(run_cli: RunCli, tmp_path: Path) -> None:
    """Empty, binary, missing, directory and non-listing inputs: one line, exit 2."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.txt").write_text("Buy milk.\n")
    cases = {
        "empty.txt": b"empty file",
        "image.png": b"binary data",
        "notes.txt": b"not a film listing",
        "missing.txt": b"No such file",
        ".": b"is a directory",
    }
    for name, expected in cases.items():
        result = run_cli("import", name, "--title", "X")
        assert result.returncode == 2, name
        assert expected in result.stderr, name
        assert result.stderr.count(b"\n") == 1 and b"Traceback" not in result.stderr


def test_importing_loads_neither_textual_nor_rich(tmp_path: Path) -> None:
    """The importer and its command are core code: no Textual, no Rich."""
    code = (
        "import sys\n"
        "from filmtui.cli import main\n"
        f"main(['import', {str(SEED_LISTING)!r}, '--title', 'Paris'])\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "sys.stderr.write(repr(sorted(loaded & {'textual', 'rich'})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == b"[]"


@pytest.mark.parametrize(
    "module",
    ["filmtui.importer", "filmtui.listing_text", "filmtui.toml_writer", "filmtui.cli.import_"],
)
def test_the_importer_modules_do_not_import_textual(module: str) -> None:
    """Each importer module, imported alone, pulls in neither textual nor rich."""
    script = f"import sys, {module}; print(sorted({{'textual', 'rich'}} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert result.stdout == b"[]\n"
