"""filmtui's speed and memory, each figure next to its floor measured in the same run.

    python benchmarks/run.py [--quotes 100000] [--repeat 7]

Prints one table: figure, our time, the floor, the ratio (or the budget) and the goal.
The machine is shared and noisy, so each figure is the median of several runs and is
judged as a ratio to a floor measured alongside it. Screen figures are measured as a
user sees them: the program runs on a real pseudo-terminal, keys are typed into it, and
the clock stops when the expected text (or the frame after a key) arrives.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

from make_record import write_record  # noqa: E402
from ptyrun import Terminal  # noqa: E402

from filmtui.loader import default_record_path, load  # noqa: E402
from filmtui.matching import QuoteIndex  # noqa: E402

PYTHON = sys.executable
MINIMAL_APP = str(HERE / "minimal_app.py")
FLOOR_EXPORT = "import tomli, json, sys; json.dump(tomli.load(open(sys.argv[1], 'rb')), sys.stdout)"
FLOOR_REEXPORT = (
    "import json, sys; json.dump(json.load(open(sys.argv[1], 'rb')), sys.stdout, indent=2)"
)
SIZE = (120, 40)


def filmtui_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = shutil.which("filmtui", path=str(Path(PYTHON).parent))
    return [script] if script else [PYTHON, "-m", "filmtui"]


def median_seconds(run: Callable[[], float], repeat: int) -> float:
    """The median of `repeat` timings (after one warm-up run)."""
    run()
    return statistics.median(run() for _ in range(repeat))


def process_seconds(command: list[str]) -> float:
    """Wall time of a whole process, stdout discarded."""
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def time_to_screen(command: list[str], marker: bytes) -> float:
    """From starting the program on a pty to `marker` on its screen."""
    session = Terminal(command, SIZE)
    arrived = session.wait_for_bytes(marker, timeout=60)
    session.finish(b"q")
    return arrived - session.started


#: A typed query, and one more keystroke that narrows it (the first pair whose match
#: counts differ is used, so that the second repaint can be recognised on screen).
QUERIES = [("cedr", "i"), ("roman", "t"), ("dram", "e"), ("sur", "g")]


def pick_queries(record: str) -> tuple[str, str, list[int]]:
    """The first query pair in QUERIES whose two match counts differ, with the counts."""
    index = QuoteIndex(load(record, max_bytes=1 << 30).quotes)
    for first, second in QUERIES:
        counts = [len(index.search(query) or []) for query in (first, first + second)]
        if counts[0] != counts[1]:
            return first, second, counts
    raise SystemExit("no query pair in QUERIES narrows this record")


def interaction(command: list[str], quotes: int, pages: int) -> dict[str, float]:
    """One session on the big record: a typed query, one more keystroke, PgDn; and the
    peak memory of the whole run."""
    first, second, counts = pick_queries(command[-1])
    session = Terminal(command, SIZE)
    session.wait_for_bytes(f"{quotes:,} quotes".encode(), timeout=60)
    session.read(3.0)  # the search index is folded in the background after the first paint
    results: dict[str, float] = {"first": first, "second": second}  # type: ignore[dict-item]
    queries, keystrokes = [], []
    for _ in range(5):
        start = len(session.output)
        sent = session.send(b"/" + first.encode())
        marker = f"{counts[0]:,} of {quotes:,} match".encode()
        queries.append(session.wait_for_bytes(marker, start=start) - sent)
        session.read(0.5)
        start = len(session.output)
        sent = session.send(second.encode())
        marker = f"{counts[1]:,} of {quotes:,} match".encode()
        keystrokes.append(session.wait_for_bytes(marker, start=start) - sent)
        session.read(0.3)
        start = len(session.output)
        session.send(b"\x1b")  # Esc: clear the filter
        session.wait_for_bytes(f"{quotes:,} quotes".encode(), start=start)
        session.read(0.5)
    results["query"] = statistics.median(queries)
    results["keystroke"] = statistics.median(keystrokes)
    frames = []
    for _ in range(pages):
        frames.append(session.frame_after(session.send(b"\x1b[6~")))  # PgDn
        session.read(0.05)
    results["pgdn"] = statistics.median(frames)
    _, status, peak_kb = session.finish(b"q")
    assert status == 0
    results["memory_mb"] = peak_kb / 1024
    return results


def fzf_filter_seconds(record: Path, query: str) -> float | None:
    """`fzf --filter` over the same quote texts, for reference (None without fzf)."""
    fzf = shutil.which("fzf")
    if fzf is None:
        return None
    texts = record.with_suffix(".texts")
    film = load(str(record), max_bytes=1 << 30)
    texts.write_text("".join(q.text.replace("\n", " ") + "\n" for q in film.quotes), "utf-8")
    return median_seconds(lambda: _fzf_once(fzf, texts, query), 5)


def _fzf_once(fzf: str, texts: Path, query: str) -> float:
    """One `fzf --filter` run."""
    with texts.open("rb") as source:
        started = time.perf_counter()
        subprocess.run([fzf, "--filter", query], stdin=source, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started


def main() -> None:
    """Measure everything and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=100_000, help="size of the big record")
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    options = parser.parse_args()

    # A regular `pip install` byte-compiles the package; an editable checkout under
    # PYTHONDONTWRITEBYTECODE never would, and would measure the compiler instead.
    compileall.compile_dir(str(ROOT / "src" / "filmtui"), quiet=1)
    cache = HERE / ".cache"
    cache.mkdir(exist_ok=True)
    big = cache / f"film-{options.quotes}.toml"
    if not big.exists():
        write_record(big, options.quotes, seed=1)
    size_mb = big.stat().st_size / 1e6
    bundled = default_record_path()
    filmtui = filmtui_command()
    repeat = options.repeat
    rows: list[tuple[str, str, str, str, str, bool]] = []

    def ratio_row(figure: str, ours: float, floor: float, floor_name: str, goal: float) -> None:
        ratio = ours / floor
        rows.append(
            (
                figure,
                f"{ours * 1000:.0f} ms",
                f"{floor * 1000:.0f} ms ({floor_name})",
                f"{ratio:.2f}x",
                f"<= {goal}x",
                ratio <= goal,
            )
        )

    def budget_row(figure: str, ours: float, reference: str, budget: float) -> None:
        rows.append(
            (
                figure,
                f"{ours * 1000:.1f} ms",
                reference,
                "-",
                f"<= {budget * 1000:.0f} ms",
                ours <= budget,
            )
        )

    print(
        f"measuring ({options.quotes} quotes, {size_mb:.1f} MB; {repeat} runs per figure)…",
        file=sys.stderr,
    )
    ours = median_seconds(lambda: process_seconds([*filmtui, "export"]), repeat * 3)
    floor = median_seconds(
        lambda: process_seconds([PYTHON, "-c", FLOOR_EXPORT, bundled]), repeat * 3
    )
    rows.append(
        (
            "`filmtui export`, bundled record",
            f"{ours * 1000:.0f} ms",
            f"{floor * 1000:.0f} ms (tomli + json.dump)",
            f"+{(ours - floor) * 1000:.0f} ms",
            "<= floor + 35 ms",
            ours <= floor + 0.035,
        )
    )

    few = max(3, repeat // 2)
    ours = median_seconds(
        lambda: process_seconds([*filmtui, "export", str(big), "--max-size", "1000"]), few
    )
    floor = median_seconds(lambda: process_seconds([PYTHON, "-c", FLOOR_EXPORT, str(big)]), few)
    ratio_row(f"`filmtui export`, {options.quotes} quotes", ours, floor, "tomli + json.dump", 1.05)

    exported = cache / f"film-{options.quotes}.json"
    if not exported.exists() or exported.stat().st_mtime < big.stat().st_mtime:
        with exported.open("wb") as handle:
            command = [*filmtui, "export", str(big), "--max-size", "1000"]
            subprocess.run(command, stdout=handle, check=True)
    ours = median_seconds(
        lambda: process_seconds([*filmtui, "export", str(exported), "--max-size", "1000"]), few
    )
    floor = median_seconds(
        lambda: process_seconds([PYTHON, "-c", FLOOR_REEXPORT, str(exported)]), few
    )
    ratio_row(
        f"re-export of a {options.quotes}-quote JSON export",
        ours,
        floor,
        "json.load + json.dump",
        0.6,
    )

    ours = median_seconds(lambda: time_to_screen([*filmtui], b"4 quotes"), repeat)
    floor = median_seconds(
        lambda: time_to_screen([PYTHON, MINIMAL_APP], b"minimal-app-ready"), repeat
    )
    ratio_row("launch to the record on screen, bundled", ours, floor, "minimal Textual app", 1.3)

    marker = f"{options.quotes:,} quotes".encode()
    ours = median_seconds(
        lambda: time_to_screen([*filmtui, "--max-size", "1000", str(big)], marker),
        repeat,
    )
    floor = median_seconds(
        lambda: time_to_screen([PYTHON, MINIMAL_APP, str(big)], b"minimal-app-ready"),
        repeat,
    )
    ratio_row(
        f"open {options.quotes} quotes to the first quote on screen",
        ours,
        floor,
        "tomli parse + minimal app",
        1.2,
    )

    figures = interaction([*filmtui, "--max-size", "1000", str(big)], options.quotes, 15)
    query = str(figures["first"])
    fzf = fzf_filter_seconds(big, query)
    fzf_note = f"fzf --filter: {fzf * 1000:.0f} ms" if fzf is not None else "fzf not installed"
    budget_row(
        f"filter {options.quotes}: typed `/{query}` to repaint", figures["query"], fzf_note, 0.100
    )
    budget_row(
        f"filter {options.quotes}: one more keystroke (`{figures['second']}`) to repaint",
        figures["keystroke"],
        "RAIL input budget",
        0.050,
    )
    budget_row(
        f"PgDn on {options.quotes} quotes to repaint", figures["pgdn"], "one frame at 60 Hz", 0.016
    )
    limit = 3 * size_mb + 60
    rows.append(
        (
            f"peak memory, {options.quotes} quotes",
            f"{figures['memory_mb']:.0f} MB",
            f"file {size_mb:.1f} MB",
            f"{figures['memory_mb'] / size_mb:.1f}x file",
            f"<= {limit:.0f} MB (3x + 60)",
            figures["memory_mb"] <= limit,
        )
    )

    print(
        f"\nfilmtui benchmarks, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print("| figure | filmtui | floor / reference | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for figure, measured, reference, ratio, goal, met in rows:
        print(
            f"| {figure} | {measured} | {reference} | {ratio} | {goal} | {'yes' if met else 'NO'} |"
        )
    sys.exit(0 if all(row[-1] for row in rows) else 1)


if __name__ == "__main__":
    main()
