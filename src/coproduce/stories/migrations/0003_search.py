"""Story search: the table of search terms and a full-text index over it, one kind per database.

PostgreSQL: a GIN index on to_tsvector('simple', document); the query must use exactly that expression.
SQLite: an FTS5 table that reads its text from stories_storysearchentry (external content, its rowid the story's
id), kept in step by triggers.

The documents hold terms already stemmed in Python (stories.search), so neither database stems or drops anything
('simple' and unicode61 only split on spaces and lower-case), and the two match exactly the same rows.

Beware on SQLite: a later migration that alters stories_storysearchentry makes Django rebuild the table, which
drops these triggers. Such a migration must run `sqlite_triggers_create` again. Other changes to stories (new
fields on Story) do not touch this table.
"""

import django.db.models.deletion
from django.db import migrations, models

# fastupdate off: stories are published far less often than they are searched, so each write pays to update the
# index at once rather than leaving every search to scan a pending list.
POSTGRES_CREATE = [
    "CREATE INDEX IF NOT EXISTS stories_storysearchentry_document_fts ON stories_storysearchentry "
    "USING gin (to_tsvector('simple', document)) WITH (fastupdate = off)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS stories_storysearchentry_document_fts"]

SQLITE_TABLE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS stories_storysearchentry_fts USING fts5("
    "document, content='stories_storysearchentry', content_rowid='story_id', tokenize='unicode61', detail='none')",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS stories_storysearchentry_fts_insert AFTER INSERT ON stories_storysearchentry "
    "BEGIN INSERT INTO stories_storysearchentry_fts(rowid, document) VALUES (new.story_id, new.document); END",
    "CREATE TRIGGER IF NOT EXISTS stories_storysearchentry_fts_delete AFTER DELETE ON stories_storysearchentry "
    "BEGIN INSERT INTO stories_storysearchentry_fts(stories_storysearchentry_fts, rowid, document) "
    "VALUES ('delete', old.story_id, old.document); END",
    "CREATE TRIGGER IF NOT EXISTS stories_storysearchentry_fts_update AFTER UPDATE ON stories_storysearchentry "
    "BEGIN INSERT INTO stories_storysearchentry_fts(stories_storysearchentry_fts, rowid, document) "
    "VALUES ('delete', old.story_id, old.document); "
    "INSERT INTO stories_storysearchentry_fts(rowid, document) VALUES (new.story_id, new.document); END",
]
# Fill the index from rows that already exist (an external-content table starts empty).
SQLITE_REBUILD = ["INSERT INTO stories_storysearchentry_fts(stories_storysearchentry_fts) VALUES ('rebuild')"]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS stories_storysearchentry_fts_insert",
    "DROP TRIGGER IF EXISTS stories_storysearchentry_fts_delete",
    "DROP TRIGGER IF EXISTS stories_storysearchentry_fts_update",
    "DROP TABLE IF EXISTS stories_storysearchentry_fts",
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
        raise NotImplementedError(f"Story search has no full-text index for {vendor}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


def index_existing(apps, schema_editor):
    """Stories published before search existed."""
    from coproduce.stories.search import StoryIndexData, story_document

    Story = apps.get_model("stories", "Story")
    StorySearchEntry = apps.get_model("stories", "StorySearchEntry")
    published = Story.objects.filter(status="published", withdrawn_at__isnull=True).prefetch_related(
        "services", "themes"
    )
    for story in published.order_by("pk").iterator(chunk_size=500):
        document = story_document(
            StoryIndexData(
                title=story.title,
                body=story.body,
                services=sorted((s.pk, s.name) for s in story.services.all()),
                themes=sorted((t.pk, t.name) for t in story.themes.all()),
            )
        )
        StorySearchEntry.objects.update_or_create(story_id=story.pk, defaults={"document": document})


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_moderation")]

    operations = [
        migrations.CreateModel(
            name="StorySearchEntry",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="stories.story",
                    ),
                ),
                ("document", models.TextField()),
            ],
        ),
        migrations.RunPython(create, drop, elidable=False),
        migrations.RunPython(index_existing, migrations.RunPython.noop, elidable=True),
    ]
