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
    # 2: search (FTS5 over article text and title, quotes with their speakers, tag notes) and a
    # quotes table filled from each stored analysis. Articles and tags have no INTEGER PRIMARY
    # KEY, so their indexes key on the implicit rowid, kept in step by triggers.
    [
        """CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            qid INTEGER NOT NULL,           -- the quote's index in the analysis record
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            speaker TEXT COLLATE NOCASE,    -- the actor's canonical name at analysis time
            kind TEXT NOT NULL DEFAULT 'statement',
            grp INTEGER,                    -- parts of one statement share a group
            UNIQUE (article_id, qid)
        )""",
        "CREATE INDEX quotes_speaker ON quotes(speaker, article_id, start)",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
        """CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, speaker, content='quotes', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
        # Tags are few and their label lives in another table, so this index keeps its own copy.
        """CREATE VIRTUAL TABLE tags_fts USING fts5(
            note, label, text,
            tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
        """CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
        END""",
        """CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
            VALUES ('delete', old.id, old.text, old.speaker);
        END""",
        """CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
            VALUES ('delete', old.id, old.text, old.speaker);
            INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
        END""",
        # INSERT OR REPLACE on tags deletes without firing the delete trigger and may reuse the rowid.
        """CREATE TRIGGER tags_fts_insert AFTER INSERT ON tags BEGIN
            DELETE FROM tags_fts WHERE rowid = new.rowid;
            INSERT INTO tags_fts(rowid, note, label, text) VALUES (
                new.rowid, new.note,
                coalesce((SELECT name FROM labels WHERE id = new.label_id), ''), new.text);
        END""",
        """CREATE TRIGGER tags_fts_delete AFTER DELETE ON tags BEGIN
            DELETE FROM tags_fts WHERE rowid = old.rowid;
        END""",
        """CREATE TRIGGER tags_fts_update AFTER UPDATE ON tags BEGIN
            DELETE FROM tags_fts WHERE rowid = old.rowid;
            INSERT INTO tags_fts(rowid, note, label, text) VALUES (
                new.rowid, new.note,
                coalesce((SELECT name FROM labels WHERE id = new.label_id), ''), new.text);
        END""",
        """CREATE TRIGGER labels_fts_rename AFTER UPDATE OF name ON labels BEGIN
            UPDATE tags_fts SET label = new.name
            WHERE rowid IN (SELECT rowid FROM tags WHERE label_id = new.id);
        END""",
        # Existing libraries: index what is already there, quotes from each article's newest analysis.
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
        """INSERT INTO quotes (article_id, qid, start, end, text, speaker, kind, grp)
           SELECT a.id, CAST(q.key AS INTEGER), json_extract(q.value, '$.start'),
                  json_extract(q.value, '$.end'), coalesce(json_extract(q.value, '$.text'), ''),
                  json_extract(q.value, '$.speaker'),
                  coalesce(json_extract(q.value, '$.kind'), 'statement'),
                  json_extract(q.value, '$.group')
           FROM articles a
           JOIN analyses an ON an.text_id = a.id AND an.created_at = (
               SELECT max(created_at) FROM analyses WHERE text_id = a.id)
           JOIN json_each(an.data, '$.quotes') q
           WHERE true
           ON CONFLICT (article_id, qid) DO NOTHING""",
        """INSERT INTO tags_fts(rowid, note, label, text)
           SELECT t.rowid, t.note, coalesce(l.name, ''), t.text
           FROM tags t LEFT JOIN labels l ON l.id = t.label_id""",
    ],
    # 3: speakers counted from an index alone: each statement's first part is marked, so a quote
    # split around its attribution counts once without grouping 10,000 articles' quotes.
    [
        "ALTER TABLE quotes ADD COLUMN first_part INTEGER NOT NULL DEFAULT 1",
        "DROP TRIGGER quotes_fts_update",
        """CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
            VALUES ('delete', old.id, old.text, old.speaker);
            INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
        END""",
        """UPDATE quotes SET first_part = 0
           WHERE grp IS NOT NULL AND EXISTS (
               SELECT 1 FROM quotes p
               WHERE p.article_id = quotes.article_id AND p.grp = quotes.grp AND p.qid < quotes.qid)""",
        "DROP INDEX quotes_speaker",
        "CREATE INDEX quotes_speaker ON quotes(speaker, article_id, first_part)",
    ],
    # 4: the library list reads 10,000 summaries from indexes: in the tables every count and date
    # sits after the article's text or the analysis JSON, and reaching it reads through those.
    [
        "CREATE INDEX articles_summary ON articles(added_at, id, title, source, url, byline, path, words, read_at)",
        "CREATE INDEX analyses_counts ON analyses(text_id, pipeline, n_quotes, n_actors, n_sentences)",
    ],
    # 5: the label vocabulary has an order of its own, set in the labels screen: the tag picker's
    # number keys follow it, so `2` means the same label however often each is used.
    [
        "ALTER TABLE labels ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        "UPDATE labels SET position = id",
    ],
    # 6: the date an article was published (YYYY-MM-DD), where its text or the user gives one.
    [
        "ALTER TABLE articles ADD COLUMN published TEXT",
    ],
    # 7: echoes, one statement in nearly the same words in several articles (reader.store.echoes):
    # each statement's MinHash LSH band keys, indexed, and the groups found through them.
    [
        """CREATE TABLE echo_bands (
            key INTEGER NOT NULL,           -- one LSH band of the statement's MinHash
            quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            PRIMARY KEY (key, quote_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX echo_bands_quote ON echo_bands(quote_id)",
        "CREATE TABLE echo_groups (id INTEGER PRIMARY KEY AUTOINCREMENT)",
        """CREATE TABLE echo_members (
            quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
            group_id INTEGER NOT NULL REFERENCES echo_groups(id)
        )""",
        "CREATE INDEX echo_members_group ON echo_members(group_id, quote_id)",
    ],
    # 8: Speakers at 100,000 articles: statements by speaker, with their articles and first parts,
    # read from a partial index alone (the table rows sit behind each quote's text).
    [
        "CREATE INDEX quotes_statement_speaker ON quotes(speaker, article_id, first_part) WHERE kind = 'statement'",
    ],
    # 9: claims tracked across the library. A link is a tag carrying a claim with a stance
    # (keyed on the tag's id: re-anchoring keeps it; no foreign key, so undoing a tag's deletion
    # brings its link back, and links go when their article does). A rejection keys on the
    # words. Suggestions come from a sentence index (FTS5, porter) filled with each analysis.
    [
        """CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE claim_links (
            tag_id TEXT PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            stance TEXT NOT NULL CHECK (stance IN ('asserts', 'reports', 'denies', 'questions')),
            origin TEXT NOT NULL DEFAULT 'tag',  -- 'suggestion': the tag was made by accepting one
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX claim_links_claim ON claim_links(claim_id, stance)",
        """CREATE TABLE claim_rejections (
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            text TEXT NOT NULL,             -- the words rejected, whitespace collapsed
            article_id TEXT,                -- where they were first rejected
            start INTEGER,
            end INTEGER,
            created_at TEXT NOT NULL,
            PRIMARY KEY (claim_id, text)
        )""",
        """CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sid INTEGER NOT NULL,           -- the sentence's index in the article
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            actors TEXT NOT NULL DEFAULT '', -- names of the actors mentioned in it, one a line
            UNIQUE (article_id, sid)
        )""",
        """CREATE VIRTUAL TABLE sentences_fts USING fts5(
            text, content='sentences', content_rowid='id', tokenize='porter unicode61')""",
        """CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
            INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
        END""",
        """CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
            INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END""",
        """CREATE TRIGGER claim_links_article_gone AFTER DELETE ON articles BEGIN
            DELETE FROM claim_links WHERE NOT EXISTS (SELECT 1 FROM tags WHERE id = claim_links.tag_id);
        END""",
    ],
    # 10: unnamed sources counted from the index: a statement's speaker description ("a senior
    # European diplomat") beside its speaker, so Speakers no longer reads every analysis's JSON
    # (2 s at 100,000 articles). Existing quotes take theirs from each article's newest analysis.
    [
        "ALTER TABLE quotes ADD COLUMN speaker_description TEXT",
        """UPDATE quotes SET speaker_description = (
               SELECT json_extract(q.value, '$.speaker_description')
               FROM analyses an JOIN json_each(an.data, '$.quotes') q
               WHERE an.text_id = quotes.article_id AND CAST(q.key AS INTEGER) = quotes.qid
                 AND an.created_at = (SELECT max(created_at) FROM analyses WHERE text_id = quotes.article_id))
           WHERE speaker IS NULL""",
        """CREATE INDEX quotes_unnamed ON quotes(article_id, first_part)
           WHERE speaker IS NULL AND speaker_description IS NOT NULL AND kind = 'statement'""",
    ],
    # 11: a Markdown article's links (issue 11): JSON, a list of {text, href, start, end}, the
    # offsets into `text` (None where the words could not be placed).
    [
        "ALTER TABLE articles ADD COLUMN links TEXT NOT NULL DEFAULT '[]'",
    ],
    # 12: Speakers from covering indexes at 100,000 articles: the statement index also holds
    # `kind` (SQLite reads a partial index's own condition from the table otherwise, 113 -> 72 ms).
    [
        "DROP INDEX quotes_statement_speaker",
        """CREATE INDEX quotes_statement_speaker ON quotes(speaker, article_id, first_part, kind)
           WHERE kind = 'statement'""",
    ],
]
