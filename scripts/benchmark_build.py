#!/usr/bin/env python3
"""Build cost: the whole build against its MkDocs step, side by side in one run.

    .venv/bin/python scripts/benchmark_build.py [--runs N] [--also DIR]

Alternates, in fresh processes, (a) `build.py --site <tmp>`: the whole build from data/ and
content/ to a finished site, and (b) `mkdocs build` of the same generated docs folder with the
same configuration: the renderer alone. Prints wall and CPU medians of both and their ratio
(goal of issue 13: whole build <= 1.5x the MkDocs step). `--also DIR`: the build.py of
another copy of the project (say `git archive main`, with this node_modules linked into it),
timed in the same alternation, so a change is measured against its baseline in one run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import tools  # noqa: E402
from sitegen.data.loading import load  # noqa: E402
from sitegen.pages.render import render_docs  # noqa: E402
from sitegen.renderer.site_config import write_config  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], output: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `command` in a fresh process; `output`, the
    folder MkDocs writes, is removed first so every run starts alike."""
    shutil.rmtree(output, ignore_errors=True)
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start, children_cpu() - cpu


def prepared_docs(work: Path) -> Path:
    """The docs folder and configuration build.py hands to MkDocs (the steps before it)."""
    data = load(ROOT / "data")
    docs = work / "docs"
    render_docs(
        data, ROOT / "content", docs,
        lambda targets, placed: tools.publish(data, docs, targets, placed),
    )
    (docs / "links.json").write_text("{}", encoding="utf-8")
    return write_config(data.guideline, docs, work / "mkdocs-site", work / "mkdocs.yml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--also", type=Path, help="another copy of the project to time too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        config = prepared_docs(work)
        site = work / "site"
        whole = [sys.executable, str(ROOT / "build.py"), "--site", str(site)]
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
        env_note = os.environ.get("NO_MKDOCS_2_WARNING")
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        order = [("build.py", whole), ("mkdocs build", mkdocs)]
        if args.also:
            other = [sys.executable, str(args.also.resolve() / "build.py"), "--site",
                     str(work / "site-also")]
            order.insert(1, ("also build.py", other))
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in order}
        for run in range(args.runs):
            for name, command in order if run % 2 == 0 else order[::-1]:
                results[name].append(timed(command, work / "mkdocs-site"))
        if env_note is None:
            del os.environ["NO_MKDOCS_2_WARNING"]
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load {load_avg}; "
          f"{args.runs} runs each, alternating")
    medians = {}
    for name, runs in results.items():
        wall = [w for w, _ in runs]
        cpu = [c for _, c in runs]
        medians[name] = (statistics.median(wall), statistics.median(cpu))
        print(f"{name:13} wall {medians[name][0]:5.2f} s ({min(wall):.2f}-{max(wall):.2f}), "
              f"CPU {medians[name][1]:5.2f} s ({min(cpu):.2f}-{max(cpu):.2f})")
    for name in [n for n in medians if n != "mkdocs build"]:
        ratio_wall = medians[name][0] / medians["mkdocs build"][0]
        ratio_cpu = medians[name][1] / medians["mkdocs build"][1]
        whose = "whole build" if name == "build.py" else f"{args.also}'s build"
        print(f"{whose} / MkDocs step: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
