"""Forward-only schema migrations. Never edit a released entry: append a new one."""

MIGRATIONS: list[list[str]] = [
    # 1: the first release.
    [
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,            -- hash of the normalised text
            title TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            url TEXT,
            byline TEXT,
            path TEXT,
            raw_text TEXT NOT NULL,
            text TEXT NOT NULL,             -- normalised (repaired) text; every offset points here
            words INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            read_at TEXT
        )""",
        """CREATE TABLE analyses (
            text_id TEXT NOT NULL,          -- hash of the normalised text (an article id, or a file's)
            pipeline TEXT NOT NULL,         -- analysis version + model; a new one re-analyses
            data TEXT NOT NULL,             -- JSON: paragraphs, sentences, actors, quotes
            n_sentences INTEGER NOT NULL DEFAULT 0,
            n_actors INTEGER NOT NULL DEFAULT 0,
            n_quotes INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            PRIMARY KEY (text_id, pipeline)
        )""",
        """CREATE TABLE aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE,  -- a mention's name as written
            canonical TEXT                           -- the actor it belongs to; NULL keeps it apart
        )""",
        """CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            color TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE tags (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            label_id INTEGER NOT NULL REFERENCES labels(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            speaker TEXT,
            actors TEXT NOT NULL DEFAULT '[]',  -- JSON list of actor names inside the span
            note TEXT NOT NULL DEFAULT '',
            orphaned INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT
        )""",
        "CREATE INDEX tags_article ON tags(article_id)",
        "CREATE INDEX tags_label ON tags(label_id)",
        "CREATE INDEX articles_added ON articles(added_at)",
    ],
]
