#!/usr/bin/env python
"""Run every benchmark in turn (``make bench``, under scripts/testenv.py) and print their figures."""

import subprocess
import sys
from pathlib import Path

HIER = Path(__file__).resolve().parent
BENCHMARKS = [["upload_geheugen.py"], ["beoordeling.py"]]


def main() -> int:
    status = 0
    for bench, *args in BENCHMARKS:
        print(f"\n== {bench} ==", flush=True)
        status |= subprocess.call([sys.executable, str(HIER / bench), *args])
    return status


if __name__ == "__main__":
    sys.exit(main())
