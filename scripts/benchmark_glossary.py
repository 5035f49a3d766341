#!/usr/bin/env python3
"""Build cost against the size of the glossary, side by side in one run.

    .venv/bin/python scripts/benchmark_glossary.py [--terms 0 250 500 2000 10000] [--runs 1]
    .venv/bin/python scripts/benchmark_glossary.py --project ../other-checkout   # another tree

For each size N, a copy of data/ gets N invented terms more in glossary.yml (`XQ...`, each
with a meaning; like real abbreviations they occur on the glossary page, so that page holds
all of them) and `build.py` of the project builds the whole site from it in a fresh process.
Prints wall and CPU seconds per size and the ratio to the build with the real glossary (N=0)
of the same run: a linear cost shows as a ratio that grows by about the same step for each
added term, a quadratic one as a ratio that quadruples when N doubles.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def invented_terms(count: int) -> str:
    """`count` glossary entries in the format of data/glossary.yml, unique by slug."""
    letters = string.ascii_uppercase
    lines = []
    for n in range(count):
        code = "".join(letters[(n // 26**k) % 26] for k in range(4))
        lines += [f"- term: XQ{code}", f"  meaning: Uitgevonden afkorting nummer {n + 1}"]
    return "\n".join(lines) + "\n"


def build(project: Path, data: Path, site: Path) -> tuple[float, float]:
    shutil.rmtree(site, ignore_errors=True)
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, str(project / "build.py"), "--data", str(data), "--site", str(site)],
        cwd=project, check=True, capture_output=True,
    )
    return time.perf_counter() - start, children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, nargs="+", default=[0, 250, 500, 2000, 10000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout to measure")
    args = parser.parse_args()
    project = args.project.resolve()
    sizes = sorted({0, *args.terms})
    results: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as tmp:
        work = Path(tmp)
        for n in sizes:
            data = work / f"data-{n}"
            shutil.copytree(project / "data", data)
            with (data / "glossary.yml").open("a", encoding="utf-8") as fh:
                fh.write(invented_terms(n))
        for _ in range(args.runs):
            for n in sizes:  # the baseline in the same run, between the others' runs
                results[n].append(build(project, work / f"data-{n}", work / "site"))
                print(f"  {n:>6} terms: {results[n][-1][0]:.1f} s", file=sys.stderr)
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load {load_avg}, "
          f"{project}")
    base_wall = min(w for w, _ in results[0])
    base_cpu = min(c for _, c in results[0])
    print("| extra terms | whole build (wall) | CPU | x the real glossary (wall / CPU) |")
    print("| --- | --- | --- | --- |")
    for n in sizes:
        wall = min(w for w, _ in results[n])
        cpu = min(c for _, c in results[n])
        print(f"| {n:,} | {wall:.1f} s | {cpu:.1f} s | {wall / base_wall:.2f}x / "
              f"{cpu / base_cpu:.2f}x |")


if __name__ == "__main__":
    main()
