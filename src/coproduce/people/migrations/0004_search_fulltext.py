"""Full-text indexes for "Who can help?", one per database, both over people_searchentry.document.

PostgreSQL: a GIN index on to_tsvector('simple', document); the query must use exactly that expression.
SQLite: an FTS5 table that reads its text from people_searchentry (external content), kept in step by triggers.

The documents hold terms already stemmed in Python, so neither database stems or drops anything ('simple' and
unicode61 only split on spaces and lower-case), and the two match exactly the same rows.

Beware on SQLite: a later migration that alters people_searchentry makes Django rebuild the table, which drops
these triggers. Such a migration must run `sqlite_triggers_create` again (see the tests that check the index
follows every insert, update and delete).
"""

from django.db import migrations

# fastupdate off: with it on, new rows wait in an unsorted "pending list" that every search scans until vacuum
# tidies it, which makes search time drift with how recently people edited their profiles. Profiles change rarely
# and are searched often, so each write pays to update the index at once instead.
POSTGRES_CREATE = [
    "CREATE INDEX IF NOT EXISTS people_searchentry_document_fts ON people_searchentry "
    "USING gin (to_tsvector('simple', document)) WITH (fastupdate = off)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS people_searchentry_document_fts"]

SQLITE_TABLE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS people_searchentry_fts USING fts5("
    "document, content='people_searchentry', content_rowid='id', tokenize='unicode61')",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS people_searchentry_fts_insert AFTER INSERT ON people_searchentry BEGIN "
    "INSERT INTO people_searchentry_fts(rowid, document) VALUES (new.id, new.document); END",
    "CREATE TRIGGER IF NOT EXISTS people_searchentry_fts_delete AFTER DELETE ON people_searchentry BEGIN "
    "INSERT INTO people_searchentry_fts(people_searchentry_fts, rowid, document) "
    "VALUES ('delete', old.id, old.document); END",
    "CREATE TRIGGER IF NOT EXISTS people_searchentry_fts_update AFTER UPDATE ON people_searchentry BEGIN "
    "INSERT INTO people_searchentry_fts(people_searchentry_fts, rowid, document) "
    "VALUES ('delete', old.id, old.document); "
    "INSERT INTO people_searchentry_fts(rowid, document) VALUES (new.id, new.document); END",
]
# Fill the index from rows that already exist (an external-content table starts empty).
SQLITE_REBUILD = ["INSERT INTO people_searchentry_fts(people_searchentry_fts) VALUES ('rebuild')"]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS people_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS people_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS people_searchentry_fts_update",
    "DROP TABLE IF EXISTS people_searchentry_fts",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def sqlite_triggers_create(schema_editor):
    _run(schema_editor, SQLITE_TRIGGERS + SQLITE_REBUILD)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_TABLE)
        sqlite_triggers_create(schema_editor)
    else:
        raise NotImplementedError(f"Who can help? has no full-text index for {vendor}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_consent_wordings")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
