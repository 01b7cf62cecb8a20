"""Shelf benchmarks: the CLI against floors measured in the same run.

    .venv/bin/python benchmarks/shelf_run.py --films 5000

Makes (once) a shelf in benchmarks/.cache/, then times whole processes: the first index
against parsing every file with tomli in one process; warm `ls --query` and `search`
against `python -c 'import sqlite3, json'` plus a budget; `ls` after editing two files; and
the peak memory of the first index (its process and worker processes). Screen figures run
the browser on a real pseudo-terminal (tests/ptyrun.py): a warm shelf to its first paint
against the smallest Textual app, and a keystroke in the film filter to the repaint.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from ptyrun import Terminal  # noqa: E402

SIZE = (120, 40)
#: A film query, and one more keystroke that narrows it (the first pair whose counts
#: differ is used, so the repaint after the second can be recognised on screen).
FILM_QUERIES = [("coe", "n"), ("nigh", "t"), ("gard", "e"), ("wint", "e")]
FILMTUI = [sys.executable, "-m", "filmtui"]
PARSE_ALL = (
    "import os, sys, tomli\n"
    "for d, _, fs in os.walk(sys.argv[1]):\n"
    "    for f in fs: tomli.loads(open(os.path.join(d, f), encoding='utf-8').read())\n"
)


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time of a process and the peak RSS (KiB) of it and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, command
    return elapsed, usage.ru_maxrss


def median(command: list[str], runs: int, before: object = None) -> float:
    """Median wall time of `runs` runs; `before()` is called before each."""
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        times.append(timed(command)[0])
    return statistics.median(times)


def screen_figures(shelf: Path, index: Path, repeat: int) -> list[tuple[str, float, float]]:
    """(figure, ours, floor) for the warm shelf's first paint and a filter keystroke."""
    from filmtui.shelf import Shelf

    opened = Shelf.open(str(shelf), str(index), notice=lambda message: None)
    total = opened.count_films()
    first, second = next(
        pair for pair in FILM_QUERIES
        if opened.count_films(pair[0]) != opened.count_films(pair[0] + pair[1])
    )  # fmt: skip
    counts = [opened.count_films(first), opened.count_films(first + second)]
    opened.close()
    browse = [*FILMTUI, str(shelf), "--index", str(index)]
    ready = f"{total:,} films".encode()

    def to_screen(command: list[str], marker: bytes) -> float:
        session = Terminal(command, SIZE)
        arrived = session.wait_for_bytes(marker, timeout=120)
        session.finish(b"q")
        return arrived - session.started

    minimal = [sys.executable, str(HERE / "minimal_app.py")]
    paint = statistics.median(to_screen(browse, ready) for _ in range(repeat))
    floor = statistics.median(to_screen(minimal, b"minimal-app-ready") for _ in range(repeat))
    session = Terminal(browse, SIZE)
    session.wait_for_bytes(ready, timeout=120)
    keystrokes = []
    for _ in range(repeat):
        start = len(session.output)
        session.send(b"/" + first.encode())
        session.wait_for_bytes(f"{counts[0]:,} of {total:,}".encode(), start=start)
        session.read(0.3)
        start = len(session.output)
        sent = session.send(second.encode())
        marker = f"{counts[1]:,} of {total:,}".encode()
        keystrokes.append(session.wait_for_bytes(marker, start=start) - sent)
        session.read(0.2)
        start = len(session.output)
        session.send(b"\x1b")  # Esc clears the filter
        session.wait_for_bytes(ready, start=start)
        session.read(0.3)
    session.finish(b"q")
    return [
        ("warm shelf to first paint", paint, floor),
        (f"keystroke in the film filter ({first!r} + {second!r})", statistics.median(keystrokes),
         0.0),
    ]  # fmt: skip


def main() -> int:
    """Run the benchmarks and print a Markdown table; exit 1 if a goal is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--films", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    shelf = HERE / ".cache" / f"shelf-{options.films}"
    if not shelf.exists():
        subprocess.run(
            [sys.executable, HERE / "make_shelf.py", "--films", str(options.films), "-o", shelf],
            check=True,
        )
    index = Path(tempfile.mkdtemp()) / "index.sqlite"
    rows = []
    parse_floor, _ = timed([sys.executable, "-c", PARSE_ALL, str(shelf)])
    first, memory = timed([*FILMTUI, "ls", str(shelf), "--index", str(index), "--format", "jsonl"])
    rows.append(("first index (ls)", first, parse_floor, first <= parse_floor, "<= 1.0x floor"))
    floor = median([sys.executable, "-c", "import sqlite3, json"], options.repeat)
    ls = [*FILMTUI, "ls", str(shelf), "--index", str(index), "--query", "director:coen year:2007"]
    warm_ls = median(ls, options.repeat)
    rows.append(("warm ls --query", warm_ls, floor, warm_ls <= floor + 0.080, "<= floor + 80 ms"))
    search = [*FILMTUI, "search", "klapisch binoche", str(shelf), "--index", str(index)]
    warm_search = median(search, options.repeat)
    met = warm_search <= floor + 0.120
    rows.append(("warm search", warm_search, floor, met, "<= floor + 120 ms"))
    files = sorted(shelf.rglob("*.toml"))[:2]

    def edit() -> None:
        for path in files:
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n")

    edited = median(ls, options.repeat, before=edit)
    rows.append(("ls after editing 2 files", edited, floor, edited <= floor + 0.130,
                 "<= floor + 130 ms"))  # fmt: skip
    (_, paint, minimal), (keystroke_name, keystroke, _) = screen_figures(
        shelf, index, options.repeat
    )
    rows.append(("warm shelf to first paint", paint, minimal, paint <= 1.5 * minimal,
                 "<= 1.5x a minimal Textual app"))  # fmt: skip
    rows.append((keystroke_name, keystroke, 0.0, keystroke <= 0.050, "<= 50 ms"))
    print(f"shelf of {options.films} films, {sum(1 for _ in shelf.rglob('*.toml'))} files")
    print("| figure | ours | floor | goal | met |\n|---|---|---|---|---|")
    for name, ours, base, ok, goal in rows:
        print(f"| {name} | {ours * 1000:.0f} ms | {base * 1000:.0f} ms | {goal} | "
              f"{'yes' if ok else 'NO'} |")  # fmt: skip
    megabytes = memory / 1024
    print(f"| peak memory, first index (largest process) | {megabytes:.0f} MB | | <= 200 MB | "
          f"{'yes' if megabytes <= 200 else 'NO'} |")  # fmt: skip
    return 0 if all(row[3] for row in rows) and megabytes <= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
