"""The NLP core: spaCy loading, actors and quotes. Knows nothing of the store or the UI."""
