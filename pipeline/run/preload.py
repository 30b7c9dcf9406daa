"""Imported by the extractors' fork server (see `pipeline.run.workers`) before it forks any.

First the server is tied to the run: it dies with it and leaves Ctrl-C to it, as the workers do
(`pipeline.run.parent`, `pipeline.run.interrupt`), for the seconds it loads. Then it loads the
spaCy pipeline that `SALVO_SPACY_MODEL` names (the pool sets it for the server) with our rules,
and the language classifier, and runs the warm-up documents through every stage
(`pipeline.run.warmup`). Each extractor forked from the server starts with all of it, in memory
it shares with the others. A failure is left for the extractors to meet and report: they load
what is missing themselves.
"""

from __future__ import annotations

import contextlib
import gc

from pipeline.run.interrupt import ignore_interrupts
from pipeline.run.parent import die_with_parent

die_with_parent()
ignore_interrupts()
with contextlib.suppress(Exception):  # the extractors report it (see above)
    from pipeline.run.warmup import warm_up

    warm_up()
gc.freeze()  # the loaded objects stay out of the children's collections: fewer pages copied
