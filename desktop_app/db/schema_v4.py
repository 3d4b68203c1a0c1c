"""Schema version 4 — stable record ids (``uid``) for the county exchange package.

Row ids differ between two databases; a ``uid`` (32 hex characters, random) travels with a record
through export and import, so the same record is recognised again and a second import changes
nothing. Existing rows get one in the migration; new rows get one from an AFTER INSERT trigger,
so the modules that insert rows need no change. An import that sets ``uid`` itself keeps it.
"""

# Tables whose records carry a uid. activity_attendance (WITHOUT ROWID) is keyed by its two uids.
UID_TABLES = (
    "terms", "districts", "deputies", "groups", "stations", "activities", "suggestions", "suggestion_events",
    "sessions", "vote_items", "honors", "report_backs", "deputy_notes",
)

NEW_UID = "lower(hex(randomblob(16)))"


def script_for(table: str) -> str:
    """Add the column, fill it, index it uniquely and keep it filled for new rows."""
    return f"""
ALTER TABLE {table} ADD COLUMN uid TEXT;
UPDATE {table} SET uid = {NEW_UID} WHERE uid IS NULL;
CREATE UNIQUE INDEX idx_{table}_uid ON {table}(uid);
CREATE TRIGGER {table}_uid_on_insert AFTER INSERT ON {table} WHEN new.uid IS NULL BEGIN
    UPDATE {table} SET uid = {NEW_UID} WHERE rowid = new.rowid;
END;
"""


# The home screen counts open suggestions past or near their deadline on every visit; with deleted_at in
# the partial index's condition the count is answered from the index alone, without visiting rows.
SPEED_INDEXES = """
CREATE INDEX idx_suggestions_open_deadline ON suggestions(state, deadline) WHERE deleted_at IS NULL;
"""

SCRIPT = "".join(script_for(table) for table in UID_TABLES) + SPEED_INDEXES
