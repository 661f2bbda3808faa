"""The database guards the ledger as well as the service does.

On PostgreSQL: a deferred constraint trigger refuses to commit a transfer whose entries do not sum to zero, and
triggers refuse any UPDATE or DELETE of entries and transfers (TRUNCATE, which only a whole-database reset uses,
is not a row change). On SQLite (the laptop and demo database) triggers refuse UPDATE; SQLite has no deferred
triggers and no TRUNCATE, so there the sum and the ban on deletes are the service's job, and
`coproduce ledger-check` finds any breach on either database.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE FUNCTION timebank_transfer_balances() RETURNS trigger AS $$
DECLARE total bigint;
BEGIN
    SELECT COALESCE(SUM(minutes), 0) INTO total FROM timebank_entry WHERE transfer_id = NEW.transfer_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'timebank transfer % does not balance: its entries sum to % minutes', NEW.transfer_id, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER timebank_entry_sums_to_zero
    AFTER INSERT ON timebank_entry DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION timebank_transfer_balances();

CREATE FUNCTION timebank_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the timebank ledger is append-only: % on % is not allowed; record a correction instead',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$ LANGUAGE plpgsql;

CREATE TRIGGER timebank_entry_append_only BEFORE UPDATE OR DELETE ON timebank_entry
    FOR EACH ROW EXECUTE FUNCTION timebank_append_only();
CREATE TRIGGER timebank_transfer_append_only BEFORE UPDATE OR DELETE ON timebank_transfer
    FOR EACH ROW EXECUTE FUNCTION timebank_append_only();
"""

POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS timebank_transfer_append_only ON timebank_transfer;
DROP TRIGGER IF EXISTS timebank_entry_append_only ON timebank_entry;
DROP FUNCTION IF EXISTS timebank_append_only();
DROP TRIGGER IF EXISTS timebank_entry_sums_to_zero ON timebank_entry;
DROP FUNCTION IF EXISTS timebank_transfer_balances();
"""

SQLITE_UP = [
    f"""CREATE TRIGGER timebank_{table}_no_{op.lower()} BEFORE {op} ON timebank_{table}
    BEGIN SELECT RAISE(ABORT, 'the timebank ledger is append-only: record a correction instead'); END"""
    for table in ("entry", "transfer")
    for op in ("UPDATE",)
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS timebank_{table}_no_update" for table in ("entry", "transfer")]


def guards_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def guards_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


CATEGORIES = [
    "Admin and paperwork",
    "Arts and crafts",
    "Care and support",
    "Childcare",
    "Company and befriending",
    "Cooking and food",
    "DIY and repairs",
    "Gardening",
    "Getting online and IT help",
    "Learning and teaching",
    "Music and performance",
    "Pets",
    "Running groups and events",
    "Shopping and errands",
    "Sport and exercise",
    "Training staff",
    "Transport and lifts",
    "Translation and interpreting",
]


def starting_rows(apps, schema_editor):
    Category = apps.get_model("timebank", "Category")
    Account = apps.get_model("timebank", "Account")
    TimebankSettings = apps.get_model("timebank", "TimebankSettings")
    for name in CATEGORIES:
        Category.objects.get_or_create(name=name)
    # The pot gives only what people have given it.
    Account.objects.get_or_create(kind="pot", defaults={"min_balance_minutes": 0})
    if not TimebankSettings.objects.exists():
        TimebankSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("timebank", "0001_initial")]
    operations = [
        migrations.RunPython(guards_create, guards_drop),
        migrations.RunPython(starting_rows, migrations.RunPython.noop),
    ]
