"""Start-up time of ``ockg --help`` (median of several runs).

Usage: python benchmarks/startup.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ockg = Path(sys.executable).with_name("ockg")
    command = [str(ockg), "--help"] if ockg.exists() else [sys.executable, "-m", "kg.cli", "--help"]
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    print(f"ockg --help: median {statistics.median(times):.3f} s, min {min(times):.3f} s")


if __name__ == "__main__":
    main()
