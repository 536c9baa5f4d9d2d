"""Benchmarks: briefing-formatter against pandoc, start-up, scale and batch builds.

Run from the repository root after installing the package (and pandoc and LibreOffice
for the comparison):

    python3 benchmarks/run.py            # everything
    python3 benchmarks/run.py --quick    # fewer repetitions, no 4 MB article
    python3 benchmarks/run.py --memory   # only the 50 MiB inputs: peak memory and time
    python3 benchmarks/run.py --versus DIR   # only: this code against the tree in DIR

Every figure is the wall time of a whole process (cold start included), the median of
several runs, with the peak resident memory of that process. Nothing here is a test:
it prints a table, and the figures go into benchmarks/README.md by hand.

The package's bytecode is compiled first (as ``pip install`` does), so an environment
with PYTHONDONTWRITEBYTECODE set does not measure compilation. To measure with
ReportLab's C accelerators, install them (``pip install rl_accel``, or into a folder
with ``pip install --target DIR rl_accel`` and run with ``PYTHONPATH=DIR``).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import corpus_text, write  # a sibling script, not a package

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "belarus-threat-assessment.txt"


def briefing_command() -> list[str]:
    """The installed console script beside this interpreter (not a shell shim)."""
    script = Path(sys.executable).parent / "briefing"
    return [str(script)] if script.exists() else [sys.executable, "-m", "formatter"]


def measure(command: Sequence[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MiB) over ``runs`` runs."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{error}")
        times.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def load() -> str:
    """The load averages: other work on the machine skews every figure."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def row(label: str, seconds: float, peak: float | None = None, note: str = "") -> None:
    memory = f"{peak:8.1f} MiB" if peak is not None else " " * 12
    print(f"{label:<46} {seconds * 1000:10.1f} ms {memory}  {note}")


def versus_pandoc(work: Path, runs: int) -> None:
    print("\n1. Seed briefing, DOCX + PDF, whole process")
    ours, ours_peak = measure(
        [*briefing_command(), "build", str(SEED), "-f", "docx,pdf", "-o", "ours", "-q"],
        work,
        runs,
    )
    row("briefing build (docx+pdf)", ours, ours_peak, "DOCX in a forked child")
    serial, serial_peak = measure(
        [*briefing_command(), "build", str(SEED), "-f", "docx,pdf", "-o", "ours", "-q", "-j", "1"],
        work,
        runs,
    )
    row("briefing build (docx+pdf) --jobs 1", serial, serial_peak, "one process")
    check, check_peak = measure(
        [*briefing_command(), "build", str(SEED), "-f", "docx,pdf", "-o", "ours", "-q", "--check"],
        work,
        runs,
    )
    row("briefing build --check (docx+pdf)", check, check_peak, "fingerprints, no rendering")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("   pandoc is not installed: no comparison")
        return
    markdown = work / "seed.md"
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    markdown.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    to_docx, docx_peak = measure([pandoc, "seed.md", "-o", "seed.docx"], work, runs)
    row("pandoc seed.md -> docx", to_docx, docx_peak)
    to_pdf = None
    if shutil.which("weasyprint"):
        to_pdf, pdf_peak = measure(
            [pandoc, "seed.md", "-o", "seed.pdf", "--pdf-engine=weasyprint"], work, runs
        )
        row("pandoc seed.md -> pdf (weasyprint)", to_pdf, pdf_peak)
    elif shutil.which("soffice"):
        profile = (work / "lo-profile").as_uri()
        to_pdf, pdf_peak = measure(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "seed.docx",
            ],
            work,
            runs,
        )
        row("LibreOffice seed.docx -> pdf (pandoc's docx)", to_pdf, pdf_peak)
    if to_pdf is not None:
        total = to_docx + to_pdf
        row("pandoc route total", total, None, f"briefing is {total / ours:.1f}x faster")


def startup(runs: int) -> None:
    print("\n2. Start-up")
    seconds, peak = measure([sys.executable, "-c", "pass"], REPO, runs)
    row("python -c pass (the interpreter alone)", seconds, peak)
    for args in (["--help"], ["--version"], ["build", "--help"]):
        seconds, peak = measure([*briefing_command(), *args], REPO, runs)
        row("briefing " + " ".join(args), seconds, peak)


def scale(work: Path, sizes: Sequence[int], runs: int) -> None:
    print("\n3. Scale: generated articles, DOCX + PDF, whole process")
    previous: float | None = None
    for size in sizes:
        path = write(work / "scale", f"article-{size // 1000}k", size)
        seconds, peak = measure(
            [*briefing_command(), "build", str(path), "-f", "docx,pdf", "-o", "scale-out", "-q"],
            work,
            runs,
        )
        note = f"{seconds / previous:.1f}x the previous size's time" if previous else ""
        row(f"{path.stat().st_size / 1e6:.2f} MB article", seconds, peak, note)
        serial, serial_peak = measure(
            [
                *briefing_command(),
                *("build", str(path), "-f", "docx,pdf", "-o", "scale-out", "-q", "-j", "1"),
            ],
            work,
            runs,
        )
        row("   same, --jobs 1 (one process)", serial, serial_peak)
        md, md_peak = measure(
            [*briefing_command(), "build", str(path), "-f", "md,json", "-o", "scale-out", "-q"],
            work,
            runs,
        )
        row("   same, md+json only (pipeline cost)", md, md_peak)
        previous = seconds


STAGES = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
times = {}
def lap(name):
    global start
    now = time.perf_counter()
    times[name] = now - start
    start = now
from formatter.build import annotate
from formatter.clean import clean
from formatter.pipeline import Options, structure
from formatter.read import load_metadata, read_source
from formatter.taxonomy import load_taxonomy
from formatter.theme import load_theme
lap("import the pipeline")
path = sys.argv[1]
source = read_source(path, 50 * 1024 * 1024)
lap("read")
cleaned = clean(source.text)
lap("clean (normalise, boilerplate, duplicates)")
taxonomy = load_taxonomy(None)
lap("load the taxonomy")
from formatter.headline import split_headline
from formatter.sections import assign
headline, paragraphs = split_headline(cleaned.paragraphs)
assign(paragraphs, taxonomy, headline)
lap("sections alone (to compare with clean)")
metadata = load_metadata(path, source.stem, Options().metadata_overrides())
briefing = structure(source, cleaned, metadata, taxonomy)
lap("structure: sections again, key points")
theme = load_theme("briefing")
briefing = annotate(briefing, theme)
lap("theme and glyph coverage")
from formatter.writers import docx
lap("import python-docx")
docx.render(briefing, theme)
lap("render DOCX")
from formatter.writers import pdf
lap("import ReportLab")
pdf.render(briefing, theme)
lap("render PDF")
print(json.dumps(times))
"""


def stages(work: Path, size: int, real: bool = False) -> None:
    """Where the time of one big build goes, stage by stage, in one cold process; with
    ``real``, on corpus prose (the sections model reads it) instead of the synthetic
    article (whose small vocabulary leaves it to the cue rules)."""
    kind = "real corpus text" if real else "article"
    print(f"\n5. Stages of the {size / 1e6:g} MB {kind}, one process, no files written")
    if real:
        path = work / "scale" / f"corpus-{size // 1000}k.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(corpus_text(size), encoding="utf-8")
    else:
        path = write(work / "scale", f"article-{size // 1000}k", size)
    done = subprocess.run(
        [sys.executable, "-c", STAGES, str(path)],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    times: dict[str, float] = json.loads(done.stdout)
    for name, seconds in times.items():
        row(name, seconds)
    row("total", sum(times.values()))


def batch(work: Path, count: int, runs: int) -> None:
    print(f"\n4. Batch: {count} seed-sized articles, DOCX + PDF")
    folder = work / "batch"
    folder.mkdir(exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for number in range(count):
        path = folder / f"article-{number:03d}.txt"
        path.write_text(f"Dispatch {number} on the assessment.\n{seed}", encoding="utf-8")
        paths.append(str(path))
    results = {}
    for jobs in (1, 2):
        out = work / f"batch-out-{jobs}"
        seconds, peak = measure(
            [
                *briefing_command(),
                "build",
                *paths,
                "-f",
                "docx,pdf",
                "-o",
                str(out),
                "-q",
                "-j",
                str(jobs),
            ],
            work,
            runs,
        )
        results[jobs] = seconds
        row(f"--jobs {jobs}", seconds, peak, f"{count / seconds:.0f} briefings/s")
    print(f"   speed-up of --jobs 2 over --jobs 1: {results[1] / results[2]:.2f}x")


def watch_latency(work: Path, saves: int) -> None:
    """From saving an article to `briefing watch` printing its rebuild line, against a
    cold `briefing build` of the same article (the peer: what one would run by hand)."""
    print(f"\n6. Watch: save -> rebuilt line, seed article, DOCX + PDF + MD, {saves} saves")
    project = work / "watch"
    (project / "seeds").mkdir(parents=True)
    (project / ".git").mkdir()
    article = project / "seeds" / SEED.name
    shutil.copy(SEED, article)
    shutil.copy(SEED.with_suffix(".toml"), article.with_suffix(".toml"))
    cold, _ = measure([*briefing_command(), "build", "-q", "-o", "cold"], project, 3)
    process = subprocess.Popen(
        [*briefing_command(), "watch"], cwd=project, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    while not process.stdout.readline().startswith("watching"):
        pass
    latencies = []
    for number in range(saves):
        time.sleep(0.3)
        text = article.read_text(encoding="utf-8")
        start = time.perf_counter()
        article.write_text(f"{text}\nSave number {number} adds a paragraph.\n", "utf-8")
        line = process.stdout.readline()
        latencies.append(time.perf_counter() - start)
        assert "changed: built 1 input(s)" in line, line
    process.terminate()
    process.wait()
    median = statistics.median(latencies)
    row("cold briefing build of the seed (the peer)", cold)
    row("watch: save -> rebuilt line, median", median, None, f"{cold / median:.1f}x quicker")
    row("watch: save -> rebuilt line, slowest", max(latencies))


LIMIT_BYTES = 50 * 1024 * 1024  # the default --max-bytes


def memory(work: Path) -> None:
    """Peak memory (and time) of one build of inputs at the byte limit: one-character
    lines (nearly all repeats), distinct short lines (past the paragraph limit: refused,
    exit 3), 200,000 distinct short lines (at the paragraph limit) and long paragraphs.
    One run each: these take minutes, and the peak is what matters. The inputs are
    written by a separate process: a fork of a process holding them would count their
    pages in the build's peak."""
    print("\n7. Inputs at the 50 MiB byte limit (one run each; peak RSS: the largest process)")
    inputs = (
        ("one-character lines", "one-character-lines", ()),
        ("distinct short lines", "distinct-short-lines", ()),
        ("200,000 distinct short lines", "distinct-short-lines", ("200000",)),
        ("long paragraphs", "long-paragraphs", ()),
    )
    generator = Path(__file__).resolve().parent / "articles.py"
    path = work / "limit.txt"
    for label, kind, extra in inputs:
        make = [sys.executable, str(generator), kind, str(LIMIT_BYTES), str(path), *extra]
        subprocess.run(make, check=True)
        size = path.stat().st_size / 1024 / 1024
        for formats in ("docx,pdf,md", "json"):
            command = [*briefing_command(), "build", str(path), "-f", formats, "-o", "out", "-q"]
            start = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            note = f"{size:.1f} MiB, -f {formats}, exit {code}"
            row(label, elapsed, usage.ru_maxrss / 1024, note)
            shutil.rmtree(work / "out", ignore_errors=True)


def versus(tree: Path, work: Path, rounds: int) -> None:
    """This code against another source tree (``git archive main | tar -x -C DIR``),
    run alternately (A B, B A, ...) so that load on a shared machine falls on both:
    the seed built as DOCX + PDF and as PDF alone, wall time and CPU time (user +
    system of the process and its children, which other load disturbs less)."""
    print(f"\n0. This tree against {tree}, alternating, {rounds} rounds of 3 runs")
    trees = {"this": None, "other": str(tree.resolve())}
    for formats in ("docx,pdf", "pdf"):
        command = [*briefing_command(), "build", str(SEED), "-f", formats, "-o", "vs", "-q"]
        wall: dict[str, list[float]] = {name: [] for name in trees}
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        for number in range(rounds):
            order = list(trees.items())
            for name, path in order if number % 2 == 0 else reversed(order):
                env = dict(os.environ)
                env.pop("PYTHONPATH", None)
                if path:
                    env["PYTHONPATH"] = path  # the other tree's formatter package first
                for _ in range(3):
                    start = time.perf_counter()
                    process = subprocess.Popen(command, cwd=work, env=env)
                    _, status, usage = os.wait4(process.pid, 0)
                    wall[name].append(time.perf_counter() - start)
                    cpu[name].append(usage.ru_utime + usage.ru_stime)
                    if os.waitstatus_to_exitcode(status) != 0:
                        raise SystemExit(f"failed: {' '.join(command)} ({name})")
        for name in trees:
            row(
                f"{formats}, {name}",
                statistics.median(wall[name]),
                None,
                f"CPU median {statistics.median(cpu[name]) * 1000:.0f} ms, "
                f"min {min(cpu[name]) * 1000:.0f} ms",
            )
        ratio = statistics.median(cpu["this"]) / statistics.median(cpu["other"])
        walls = statistics.median(wall["this"]) / statistics.median(wall["other"])
        print(f"   this / other: CPU {ratio:.3f}, wall {walls:.3f}")


def read_back(work: Path, runs: int) -> None:
    """Issue 14: building from a briefing DOCX (read back) against building from the
    text, and pandoc reading the same DOCX (to Markdown) as the peer reader."""
    print("\n8. Read back: the seed's DOCX as input, DOCX + PDF")
    out = work / "read-back"
    subprocess.run(
        [*briefing_command(), "build", str(SEED), "-f", "docx", "-o", str(out), "-q"],
        check=True,
    )
    source = work / "read-back-input" / "seed.docx"
    source.parent.mkdir(exist_ok=True)
    shutil.copy(out / f"{SEED.stem}.docx", source)
    text, text_peak = measure(
        [*briefing_command(), "build", str(SEED), "-f", "docx,pdf", "-o", "rb-text", "-q"],
        work,
        runs,
    )
    row("briefing build seed.txt (docx+pdf)", text, text_peak)
    ours, ours_peak = measure(
        [*briefing_command(), "build", str(source), "-f", "docx,pdf", "-o", "rb-docx", "-q"],
        work,
        runs,
    )
    row("briefing build seed.docx (docx+pdf)", ours, ours_peak, f"{ours / text:.2f}x the text")
    pandoc = shutil.which("pandoc")
    if pandoc is not None:
        peer, peer_peak = measure([pandoc, str(source), "-t", "markdown"], work, runs)
        row("pandoc seed.docx -> markdown (reading only)", peer, peer_peak)


PAGE = REPO / "tests" / "fixtures" / "pages" / "article-tags.html"


def html_page(text: str) -> str:
    """``text`` (one paragraph per line) as a news page: head metadata, navigation,
    the article's paragraphs, a related-links aside and a footer."""
    body = "\n".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        "<title>Benchmark page</title>"
        '<meta property="og:site_name" content="Benchmark News"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>Benchmark page</h1>\n{body}\n</article>"
        '<aside class="related"><a href="/a">Another story</a></aside>'
        "<footer>All rights reserved.</footer></body></html>\n"
    )


def html_path(work: Path, sizes: Sequence[int], runs: int) -> None:
    """The HTML reader beside the text path: the same article as a page and as text."""
    print("\n9. HTML input beside text input, whole process")
    folder = work / "html"
    folder.mkdir(exist_ok=True)
    cases = [("fixture page (3.7 KB)", PAGE.read_text(encoding="utf-8"))]
    for size in sizes:
        text = write(work / "scale", f"article-{size // 1000}k", size).read_text("utf-8")
        cases.append((f"{size / 1e6:.2f} MB article", html_page(text)))
    for label, page in cases:
        stem = label.split()[0].replace(".", "-")
        html = folder / f"{stem}.html"
        html.write_text(page, encoding="utf-8")
        done = subprocess.run(
            [*briefing_command(), "clean", str(html)],
            cwd=work, capture_output=True, text=True, check=True,
        )  # fmt: skip
        txt = folder / f"{stem}.txt"
        txt.write_text(done.stdout, encoding="utf-8")
        for formats in ("md,json", "docx,pdf"):
            times = {}
            for path in (txt, html):
                command = [*briefing_command(), "build", str(path), "-f", formats, "-q"]
                times[path.suffix], peak = measure([*command, "-o", "html-out"], work, runs)
                row(f"{label} as {path.suffix[1:]}, {formats}", times[path.suffix], peak)
            print(f"   HTML costs {times['.html'] - times['.txt']:+.3f} s over the text")


def accelerators() -> str:
    try:
        import _rl_accel  # type: ignore[import-not-found]  # noqa: F401  # rl_accel's module
    except ImportError:
        return "ReportLab accelerators (rl_accel): not installed"
    return "ReportLab accelerators (rl_accel): installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 4 MB article")
    parser.add_argument("--memory", action="store_true", help="only the 50 MiB inputs")
    parser.add_argument(
        "--versus", type=Path, metavar="DIR", help="only compare with the source tree in DIR"
    )
    arguments = parser.parse_args()
    runs = 3 if arguments.quick else 5
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(accelerators())
    print(f"before: {load()}")
    import formatter

    compileall.compile_dir(Path(formatter.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as folder:
        work = Path(folder)
        if arguments.memory:
            memory(work)
            print(f"\nafter: {load()}")
            return
        if arguments.versus:
            compileall.compile_dir(arguments.versus / "formatter", quiet=1)
            versus(arguments.versus, work, 6 if arguments.quick else 12)
            print(f"\nafter: {load()}")
            return
        versus_pandoc(work, runs)
        startup(runs * 2)
        sizes = (40_000, 400_000) if arguments.quick else (40_000, 400_000, 4_000_000)
        scale(work, sizes, 1 if arguments.quick else 2)
        batch(work, 100, 1 if arguments.quick else 3)
        stages(work, sizes[-1])
        stages(work, sizes[-1], real=True)
        watch_latency(work, 5 if arguments.quick else 10)
        read_back(work, runs)
        html_path(work, sizes[:2], runs)
    print(f"\nafter: {load()}")


if __name__ == "__main__":
    main()
