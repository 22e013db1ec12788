#!/usr/bin/env python3
"""Run every bench/bench_*.py in turn; each prints its own figures. Not part of the test run."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
scripts = sorted(here.glob("bench_*.py"))
if not scripts:
    print("no benchmarks yet")
for script in scripts:
    print(f"== {script.name}", flush=True)
    subprocess.run([sys.executable, str(script)], check=True, cwd=here.parent)
