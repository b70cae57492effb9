"""Speed of the Textual app on the large generated commune (issue 4's targets).

Each run is a fresh Python process, as when an officer starts `antt`:

- start → usable household list: from launching the process to the household list showing
  rows (Python and Textual start, the database opens, the overview appears, F2 opens the
  list at once);
- one search keystroke → updated list;
- Enter on a household → its detail screen with the members table filled, timed from the
  moment the table handles the Enter key (the test pilot's own wait before sending its first
  key, about 40 ms, is not the app's).

Run after scripts/bench.py has built the commune:  python scripts/bench_tui.py [--dir …]
It drives the app headless (Textual's run_test), so terminal drawing is included but no
real terminal is needed. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 20)
KEYS = "nguyen van an"


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


async def until(pilot, check, timeout: float = 30.0) -> None:
    """Yield to the app until `check()` holds."""
    end = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > end:
            raise TimeoutError("the app did not reach the expected state")
        await pilot.pause(0.001)


async def one_run(folder: Path, home: Path, launched: float) -> dict[str, list[float]]:
    """Start the app once; time the start, every keystroke of a search, and opening rows.

    `launched` is the wall-clock time (time.time()) at which the process was started.
    """
    from textual.widgets import DataTable

    from antt_tui.paths import Paths
    from antt_tui.tui import AnttApp, AppState
    from antt_tui.tui.screens.household import HouseholdScreen
    from antt_tui.tui.screens.households import HouseholdListScreen

    # The moments the app does what is timed, noted by wrapping its methods (the app keeps no
    # timings of its own): a row chosen, a page of the list drawn, a household's members shown.
    selected: list[float] = []
    pages: list[float] = []
    members: list[float] = []
    select_cursor = DataTable.action_select_cursor
    show_page = HouseholdListScreen.show_page
    show_members = HouseholdScreen._show

    def timed_select(table: DataTable) -> None:
        selected.append(time.perf_counter())
        select_cursor(table)

    def timed_page(screen: HouseholdListScreen) -> None:
        show_page(screen)
        pages.append(time.perf_counter())

    def timed_members(screen: HouseholdScreen) -> None:
        show_members(screen)
        members.append(time.perf_counter())

    DataTable.action_select_cursor = timed_select  # type: ignore[method-assign]
    HouseholdListScreen.show_page = timed_page  # type: ignore[method-assign]
    HouseholdScreen._show = timed_members  # type: ignore[method-assign]

    app = AnttApp(AppState(paths=Paths(home), folder=folder, officer="Bench",
                           today=lambda: TODAY))
    out: dict[str, list[float]] = {"start": [], "key": [], "open": []}
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "OverviewScreen")
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, HouseholdListScreen) and pages)
        screen = app.screen
        out["start"].append(time.time() - (time.perf_counter() - pages[-1]) - launched)
        for char in KEYS:
            before = len(pages)
            t0 = time.perf_counter()
            await pilot.press("space" if char == " " else char)
            await until(pilot, lambda b=before: len(pages) > b)
            # Measured to the moment the new rows are in the table (the pilot's own waiting
            # for the app to go idle is left out).
            out["key"].append(pages[-1] - t0)
        before = len(pages)
        screen.query_one("#search").value = ""  # clear the search: all households
        await until(pilot, lambda: len(pages) > before)
        table = screen.query_one("#households")
        table.focus()
        for row in range(8):
            table.move_cursor(row=row * 7)
            selected.clear()
            members.clear()
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, HouseholdScreen) and members)
            out["open"].append(members[-1] - selected[0])
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+q")
    return out


def main() -> None:
    """Run the app several times and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "antt-bench-10000-42")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder, home = args.dir / "db", args.dir / "home"
    if args.child:
        print(json.dumps(asyncio.run(one_run(folder, home, args.child))))
        return
    if not (folder / "antt-db.json").exists():
        sys.exit(f"No commune in {folder}: run scripts/bench.py first.")
    totals: dict[str, list[float]] = {"start": [], "key": [], "open": []}
    for _ in range(args.runs):
        launched = time.time()
        out = subprocess.run([sys.executable, __file__, "--dir", str(args.dir),
                              "--child", repr(launched)],
                             capture_output=True, text=True, check=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        for key, values in result.items():
            totals[key] += values
    rows = [("start → usable household list", "start", 1500),
            ("search keystroke → updated list", "key", 50),
            ("open a household", "open", 100)]
    print(f"antt_tui TUI bench: {args.runs} app runs (fresh processes), {len(totals['key'])} keystrokes, "
          f"{len(totals['open'])} households opened")
    print(f"{'measure':36} {'median':>9} {'p95':>9}  unit  target")
    for name, key, target in rows:
        values = [v * 1000 for v in totals[key]]
        p95 = percentile(values, 95)
        print(f"{name:36} {statistics.median(values):9.1f} {p95:9.1f}  ms    ≤ {target}  "
              + ("ok" if p95 <= target else "MISSED"))


if __name__ == "__main__":
    main()
