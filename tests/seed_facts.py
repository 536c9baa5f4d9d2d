"""What the tests expect of the seed article, in one place.

``seeds/belarus-threat-assessment.txt`` and its sidecar are fixed inputs; a change to
either (or to the taxonomy that sections it) changes these facts here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

STEM = "belarus-threat-assessment"  # also the output base name: dist/<STEM>.<ext>
SEED = Path(__file__).resolve().parent.parent / "seeds" / f"{STEM}.txt"
FILE_NAME = f"{STEM}.txt"
SIZE_BYTES = 4710

# from the sidecar
TITLE = "Belarus: Lithuanian intelligence warns of diaspora coercion and destabilisation"
SHORT_TITLE = "Belarus: Lithuanian intelligence warns of diaspora coercion…"
AUTHOR = "briefing-formatter"
DATE = "2026-11-25"
DISPLAY_DATE = "25 November 2026"
LANGUAGE = "en-GB"
MARKING = "TLP:CLEAR"  # none in the sidecar: the default theme's

# sectioning (the taxonomy's print order)
SECTION_IDS = ["diaspora", "ukraine", "destabilization", "context"]
SECTION_TITLES = ["Diaspora coercion", "Ukraine war role", "Destabilization"]
FALLBACK_TITLE = "Background and context"
BODY_SECTION_TITLES = [*SECTION_TITLES, FALLBACK_TITLE]
KEYWORDS = SECTION_TITLES  # the non-empty sections other than the fallback one
