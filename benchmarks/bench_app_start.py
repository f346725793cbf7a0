"""The app's cold start and settled memory, as a user meets them: `netcrm` in a terminal.

Issue 9: app cold start to the first painted list <= 1.5x a minimal Textual app
(Header, Label, Footer) at 10k/100k, <= 2x at 30k/1M; settled RSS at 30k/1M
<= 400 MB. Both apps are started the same way, as real processes on a pseudo
terminal of 120x40 (what a user's terminal is to them), and timed from the start
of the process to the moment their first frame shows on the terminal: for
`netcrm`, the list's count line ("10000 people", the number of people in the
list, read from the data), drawn in the same frame as the list's rows; for the
baseline (`benchmarks/minimal_app.py`), its label. The runs alternate; medians.

Settled memory: `netcrm` is left running after its first frame until it is idle
(its CPU time grows by less than 20 ms over 2 s: the panels prepared, today's
queue and the first person's timeline in), then its resident set (VmRSS) and
peak (VmHWM) are read from /proc; the baseline's the same way.

    python benchmarks/bench_app_start.py [--db FOLDER] [--runs N] [--target 1.5]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import common
import msgspec

BASELINE = Path(__file__).with_name("minimal_app.py")
RSS_TARGET_MB = 400


@dataclass
class Start:
    first_frame: float  # seconds from starting the process to its first frame on the terminal
    rss_mb: float = float("nan")  # resident set once idle
    peak_mb: float = float("nan")


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_in_terminal(cmd: list[str], marker: bytes, env: dict[str, str], settle: bool, timeout: float = 120) -> Start:
    """Start `cmd` on a fresh 120x40 pty; the time until `marker` is on the terminal, and (with
    `settle`) its memory once it is idle. The process is ended afterwards (only this one)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""

    def drain(wait: float) -> bool:
        """Read what the app wrote (a full pty would block it); False when it closed the terminal."""
        nonlocal seen
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:
            return False
        seen = (seen + chunk)[-(1 << 20):]
        return bool(chunk)

    try:
        while marker not in seen:
            if time.perf_counter() - started > timeout or not drain(1.0) or proc.poll() is not None:
                raise SystemExit(f"{' '.join(cmd)}: no first frame ({marker!r}); last output: {seen[-300:]!r}")
        result = Start(time.perf_counter() - started)
        if settle:
            last_cpu, quiet_since = _cpu_seconds(proc.pid), time.perf_counter()
            while time.perf_counter() - quiet_since < 2.0:
                drain(0.25)
                cpu = _cpu_seconds(proc.pid)
                if cpu - last_cpu > 0.02:
                    last_cpu, quiet_since = cpu, time.perf_counter()
                if time.perf_counter() - started > timeout:
                    break
            result.rss_mb, result.peak_mb = _status_mb(proc.pid, "VmRSS"), _status_mb(proc.pid, "VmHWM")
        return result
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(master)


class _Listed(msgspec.Struct):
    archived: bool = False


def people_listed(db: Path) -> int:
    """How many people the list shows (everyone not archived): its count line says so."""
    files = sorted((db / "contacts").glob("*.json")) or [db / "contacts.json"]  # schema 3 shards, or one file
    decoder = msgspec.json.Decoder(dict[str, dict[str, _Listed]])
    return sum(not c.archived for f in files for c in decoder.decode(f.read_bytes())["contacts"].values())


def main(argv: list[str] | None = None) -> int:
    def extra(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--target", type=float, default=None, help="ratio target (default: 1.5, or 2 from 20k people)")

    args, source = common.parse_args(__doc__ or "", 5, argv, extra)
    with tempfile.TemporaryDirectory(prefix="netcrm-bench-") as tmp:
        db = common.copy_db(source, Path(tmp) / "netcrm.json")  # the app may finish a journal; never the source
        env = {**common.cli_env(db), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        env.pop("NO_COLOR", None)
        listed = people_listed(db)
        target = args.target or (2.0 if listed >= 20_000 else 1.5)
        cases = {
            "minimal Textual app": lambda settle: run_in_terminal(
                [sys.executable, str(BASELINE)], b"a minimal Textual app", env, settle),
            "netcrm (first painted list)": lambda settle: run_in_terminal(
                [common.netcrm_command()], f"{listed} people".encode(), env, settle),
        }
        runs: dict[str, list[Start]] = {name: [] for name in cases}
        for n in range(args.runs):
            for name, case in cases.items():
                runs[name].append(case(n == 0))  # the first round also waits until idle for memory
    base_name, app_name = list(cases)
    medians = {name: statistics.median(s.first_frame for s in starts) for name, starts in runs.items()}
    for name, starts in runs.items():
        settled = starts[0]
        print(f"  {name:<30} first frame {medians[name] * 1000:7.1f} ms (median of {len(starts)}; "
              f"runs {', '.join(f'{s.first_frame * 1000:.0f}' for s in starts)})  "
              f"settled RSS {settled.rss_mb:6.1f} MB, peak {settled.peak_mb:6.1f} MB")
    ratio = medians[app_name] / medians[base_name]
    ok = ratio <= target
    print(f"  cold start ratio = {ratio:.2f}x (target <= {target}x) {'ok' if ok else 'MISSED'}")
    rss = runs[app_name][0].rss_mb
    rss_ok = listed < 20_000 or rss <= RSS_TARGET_MB
    if listed >= 20_000:
        print(f"  settled RSS {rss:.1f} MB (target <= {RSS_TARGET_MB} MB) {'ok' if rss_ok else 'MISSED'}")
    return int(not ok or not rss_ok)


if __name__ == "__main__":
    sys.exit(main())
