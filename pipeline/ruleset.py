"""The ruleset version stored on every article: a code constant plus a hash of the data files.

When either changes, articles extracted under the old version are stale and the next ingest
re-extracts them.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

# 2: precise HTML pass in fast mode, default pass below 30 % of the page
# 3: paragraphs that only report speech are read only in articles with events
# 4: so are paragraphs about arms that cannot hold a claim themselves, but for the lead
# 6: speech read by sense in every paragraph the attribution mode asks for; canonical sources
RULES_CODE_VERSION = "6"
_PACKAGE = Path(__file__).resolve().parent
_DATA_DIRS = (_PACKAGE / "data", _PACKAGE / "claims" / "nlp" / "data")
_DATA_SUFFIXES = {".jsonl", ".yaml", ".yml", ".json"}


@cache
def ruleset_version() -> str:
    """"<code version>-<12 hex digits over every rule data file>"."""
    digest = hashlib.sha256(RULES_CODE_VERSION.encode())
    for folder in _DATA_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix in _DATA_SUFFIXES:
                digest.update(path.relative_to(_PACKAGE).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{RULES_CODE_VERSION}-{digest.hexdigest()[:12]}"
