"""Fuzzing the real command (Hypothesis): random bytes as the article, random sidecars
(any TOML value type), random option strings and random themes derived from the shipped
ones. Whatever comes in, ``briefing build``:

* exits with a documented code, never 70 (an internal error: a bug);
* prints at most one line on standard error (an error, or one warning line);
* leaves no output half-written: on success every requested file is complete and
  parses, on failure nothing is written, and never a temporary file.

Every example starts a real process (about half a second, more with DOCX and PDF), so
the example count stays small for a 2-core CI; the strategies lean on the inputs that
broke things before rather than on volume.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO

DOCUMENTED = {0, 2, 3, 4, 5}
FUZZ = settings(
    max_examples=int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "30")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- articles ---------------------------------------------------------------------------

PIECES = (
    "Belarusian intelligence services pressure the diaspora in Lithuania.",
    "It’s a “hybrid attack” – on the border.",
    "itâ€™s a cafÃ©",
    "---",
    "1. First point.",
    "2024. The year.",
    "# hash",
    '<img src="x"/>',
    "\U000e0049\U000e0067\U000e006e",  # tag characters
    "\u2800\u2800",
    "\ufff9\ufffa\ufffb",
    "\u202eevil",
    "Advertisement",
)
_article_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), min_size=1, max_size=12
).map("\n".join)
_LEDE = "Belarusian intelligence services pressure the diaspora in Lithuania and Poland.\n"
articles = st.one_of(
    _article_text.map(lambda text: (_LEDE + text).encode("utf-8", "surrogatepass")),
    _article_text.map(lambda text: (_LEDE + text).encode("utf-8", "surrogatepass")),
    _article_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(min_size=1, max_size=600),
    st.tuples(_article_text, st.binary(max_size=4)).map(
        lambda pair: pair[0].encode("utf-8", "surrogatepass") + pair[1]
    ),
    _article_text.map(lambda text: text.encode("cp1252", "replace")),
)

# --- sidecars: any TOML value type --------------------------------------------------------

_scalars = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=2),
    ),
    max_leaves=6,
)
_KEYS = ("title", "subtitle", "source", "author", "date", "marking", "language", "keywords")
_good_sidecar = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(max_size=60),
        "author": st.text(max_size=30),
        "date": st.one_of(st.dates(), st.datetimes(), st.sampled_from(["2026-01-02"])),
        "language": st.sampled_from(["en-GB", "de", "sr-Latn-RS", "x-private"]),
        "keywords": st.lists(st.text(max_size=10), max_size=3),
    },
)
_any_sidecar = st.dictionaries(
    st.sampled_from((*_KEYS, "colour")),
    st.one_of(
        _values,
        st.sampled_from(["2026-01-02", "2026W483", "en-GB", "en_GB", "x-private", "2200-01-01"]),
    ),
    max_size=4,
)
# Valid inputs half of the time, so that most examples reach the writers.
sidecars = st.one_of(st.none(), _good_sidecar, _any_sidecar)


def toml_value(value: Any) -> str:
    """``value`` written as a TOML value."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and not math.isfinite(value):
        text = "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    elif isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    elif isinstance(value, str):
        escaped = json.dumps(value, ensure_ascii=False)  # escapes ", \ and C0 controls
        text = escaped.replace("\x7f", "\\u007f")
    elif isinstance(value, list):
        text = "[" + ", ".join(toml_value(item) for item in value) + "]"
    else:
        text = "{" + ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items()) + "}"
    return text


# --- options and themes ------------------------------------------------------------------

_option_text = st.text(max_size=30).filter(lambda text: "\x00" not in text)
_any_options = st.dictionaries(
    st.sampled_from(["--title", "--author", "--date", "--language", "--marking", "--name"]),
    st.one_of(
        _option_text,
        st.sampled_from(["2026-01-02", "2026W483", "CON", "a:b", "Caf\udce9", "en-GB", "x"]),
    ),
    max_size=3,
)
_good_options = st.fixed_dictionaries(
    {},
    optional={
        "--title": st.text(min_size=1, max_size=40).filter(lambda text: "\x00" not in text),
        "--date": st.dates(min_value=date(1900, 1, 1)).map(date.isoformat),
        "--name": st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True),
    },
)
options = st.one_of(st.just({}), _good_options, _any_options)
_lengths = st.one_of(
    st.sampled_from(["-5mm", "0pt", "1000in", "300mm", "12pt", "1in", "2 inches", "-0.1pt"]),
    st.tuples(st.floats(-500, 500, allow_nan=False), st.sampled_from(["pt", "mm", "cm", "in"])).map(
        lambda pair: f"{pair[0]:.2f}{pair[1]}"
    ),
)
_THEME_KEYS = (
    ("page", "margin_top"),
    ("page", "margin_left"),
    ("page", "header_distance"),
    ("page", "footer_distance"),
    ("styles.body", "indent"),
    ("styles.body", "size"),
    ("styles.title", "space_after"),
    ("styles.bullet", "indent"),
)
themes = (
    st.none()
    | st.none()
    | st.tuples(
        st.sampled_from(["briefing", "plain"]),
        st.dictionaries(
            st.sampled_from(_THEME_KEYS), st.one_of(_lengths, _scalars), min_size=1, max_size=3
        ),
    )
)
formats = st.sampled_from(["md,json", "json", "md", "docx", "pdf", "md,json,docx,pdf"])


def theme_file(base: str, changes: dict[tuple[str, str], Any]) -> str:
    tables: dict[str, list[str]] = {}
    for (table, key), value in changes.items():
        tables.setdefault(table, []).append(f"{key} = {toml_value(value)}")
    body = "".join(f"[{table}]\n" + "\n".join(lines) + "\n" for table, lines in tables.items())
    return f'extends = "{base}"\nname = "fuzzed"\n{body}'


# --- the check ---------------------------------------------------------------------------


def complete(path: Path) -> None:
    """``path`` is a whole document of its kind."""
    data = path.read_bytes()
    if path.suffix == ".json":
        json.loads(data.decode("utf-8"))
    elif path.suffix == ".md":
        assert data.decode("utf-8").startswith("# ")
    elif path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert "word/document.xml" in archive.namelist()
    elif path.suffix == ".pdf":
        assert data.startswith(b"%PDF-")
        assert data.rstrip().endswith(b"%%EOF")


@pytest.mark.slow
@FUZZ
@given(
    article=articles,
    sidecar=sidecars,
    chosen=options,
    theme=themes,
    wanted=formats,
)
def test_the_command_survives_anything(
    article: bytes,
    sidecar: dict[str, Any] | None,
    chosen: dict[str, str],
    theme: tuple[str, dict[tuple[str, str], Any]] | None,
    wanted: str,
) -> None:
    work = Path(tempfile.mkdtemp(prefix="briefing-fuzz-"))
    try:
        (work / "article.txt").write_bytes(article)
        if sidecar is not None:
            lines = [f"{key} = {toml_value(value)}" for key, value in sidecar.items()]
            (work / "article.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        extra = [item for option, value in chosen.items() for item in (option, value)]
        if theme is not None:
            (work / "theme.toml").write_text(theme_file(*theme), encoding="utf-8")
            extra += ["--style", "theme.toml"]
        command = ["build", "article.txt", "-f", wanted, "-o", "out", *extra]
        done = subprocess.run(
            [sys.executable, "-m", "formatter", *command],
            cwd=work,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=False,
            timeout=300,
        )
        stderr = done.stderr.decode("utf-8", "replace")
        event(f"exit {done.returncode} with -f {wanted}")  # --hypothesis-show-statistics
        assert done.returncode in DOCUMENTED, stderr
        assert "Traceback" not in stderr
        assert len(stderr.splitlines()) <= 1, stderr
        out = work / "out"
        written = sorted(out.iterdir()) if out.is_dir() else []
        assert not [path for path in written if path.name.endswith(".part")]
        if done.returncode == 0:
            assert len(written) == len(wanted.split(","))
            for path in written:
                complete(path)
        else:
            assert stderr.startswith("error: ")
            assert written == []
    finally:
        shutil.rmtree(work)
