"""Schema version 2 — activities with attendance and attachments, 接待选民日, and the 意见建议 loop.

The FTS5 index over suggestions is created separately (``FTS_SCRIPT``) because it needs the trigram
tokenizer (SQLite 3.34+); without it search falls back to LIKE.
"""

SCRIPT = """
CREATE TABLE activity_types (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    collective INTEGER NOT NULL DEFAULT 1,     -- counts as a station's collective activity
    voter_contact INTEGER NOT NULL DEFAULT 0,  -- counts as a deputy's contact with voters
    sort_order INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    type_id INTEGER NOT NULL REFERENCES activity_types(id),
    date TEXT NOT NULL,
    start_time TEXT,                    -- HH:MM
    end_time TEXT,
    place TEXT,
    station_id INTEGER REFERENCES stations(id),
    group_id INTEGER REFERENCES groups(id),
    theme TEXT NOT NULL,
    content TEXT,
    organiser TEXT,
    invited_officials TEXT,
    outcome TEXT,
    problems_solved INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
-- Covers the compliance counts (a year's activities are read from the index alone).
CREATE INDEX idx_activities_date ON activities(date, deleted_at, type_id, group_id, station_id);
CREATE INDEX idx_activities_station ON activities(station_id, date);
CREATE INDEX idx_activities_group ON activities(group_id, date);

CREATE TABLE activity_attendance (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    status TEXT NOT NULL CHECK (status IN ('出席', '请假', '缺席')),
    reason TEXT,
    PRIMARY KEY (activity_id, deputy_id)
) WITHOUT ROWID;
CREATE INDEX idx_activity_attendance_deputy ON activity_attendance(deputy_id, status);

-- Files live in an attachments/ folder next to the database; stored_path is relative to that folder.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    owner_table TEXT NOT NULL,          -- activities / suggestions / reception_visits
    owner_id INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    stored_path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX idx_attachments_owner ON attachments(owner_table, owner_id);

CREATE TABLE reception_schedules (
    id INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations(id),
    rule TEXT NOT NULL,                 -- weekly:1 (Monday) / monthly:9,19
    place TEXT,
    note TEXT,
    deleted_at TEXT
);
CREATE INDEX idx_reception_schedules_station ON reception_schedules(station_id);

CREATE TABLE handling_units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT,                          -- 镇直部门 / 村(居)委会 / 县直部门 / 其他
    deleted_at TEXT
);

CREATE TABLE suggestion_fields (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
);

CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,               -- 代表建议 / 选民意见 / 小组活动
    date TEXT NOT NULL,                 -- collected
    field_id INTEGER REFERENCES suggestion_fields(id),
    location TEXT,
    level TEXT,                         -- 村(居)委会 / 镇人大主席团 / 上报县(市)人大常委会
    state TEXT NOT NULL DEFAULT '收集',
    main_unit_id INTEGER REFERENCES handling_units(id),
    deadline TEXT,                      -- of the step pending in the current state; NULL when closed
    handling_deadline TEXT,             -- of the latest 交办/重新办理, for 按期办结
    classified_at TEXT,
    assigned_at TEXT,
    replied_at TEXT,
    reply_text TEXT,
    result_class TEXT CHECK (result_class IS NULL OR result_class IN ('A', 'B', 'C', 'D')),
    evaluation TEXT CHECK (evaluation IS NULL OR evaluation IN ('满意', '基本满意', '不满意')),
    evaluated_at TEXT,
    reopen_count INTEGER NOT NULL DEFAULT 0,
    voter_name TEXT,
    voter_contact TEXT,
    activity_id INTEGER REFERENCES activities(id),
    visit_id INTEGER,                   -- reception_visits(id); no FK, the visit also points here
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE INDEX idx_suggestions_date ON suggestions(date);
CREATE INDEX idx_suggestions_state_deadline ON suggestions(state, deadline);
CREATE INDEX idx_suggestions_deadline ON suggestions(deadline) WHERE deadline IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX idx_suggestions_unit ON suggestions(main_unit_id);

CREATE TABLE suggestion_co_units (
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    unit_id INTEGER NOT NULL REFERENCES handling_units(id),
    PRIMARY KEY (suggestion_id, unit_id)
) WITHOUT ROWID;

CREATE TABLE suggestion_submitters (
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    is_lead INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (suggestion_id, deputy_id)
) WITHOUT ROWID;
CREATE INDEX idx_suggestion_submitters_deputy ON suggestion_submitters(deputy_id);

CREATE TABLE suggestion_events (
    id INTEGER PRIMARY KEY,
    suggestion_id INTEGER NOT NULL REFERENCES suggestions(id),
    action TEXT NOT NULL,               -- 收集 / 分类 / 交办 / 办理 / 答复 / 评价 / 退办 / 重新办理
    from_state TEXT,
    to_state TEXT NOT NULL,
    date TEXT NOT NULL,
    unit_id INTEGER REFERENCES handling_units(id),
    note TEXT,
    recorded_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX idx_suggestion_events_suggestion ON suggestion_events(suggestion_id);

CREATE TABLE reception_visits (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER REFERENCES activities(id),
    station_id INTEGER REFERENCES stations(id),
    date TEXT NOT NULL,
    voter_name TEXT NOT NULL,
    contact TEXT,
    matter TEXT NOT NULL,
    suggestion_id INTEGER REFERENCES suggestions(id),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE INDEX idx_reception_visits_activity ON reception_visits(activity_id);
CREATE INDEX idx_reception_visits_station ON reception_visits(station_id, date);
"""

# External-content FTS5 over title + content, kept in sync by triggers; trigram finds Chinese substrings.
FTS_SCRIPT = """
CREATE VIRTUAL TABLE suggestions_fts USING fts5(
    title, content, content='suggestions', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER suggestions_fts_insert AFTER INSERT ON suggestions BEGIN
    INSERT INTO suggestions_fts(rowid, title, content) VALUES (new.id, new.title, new.content);
END;
CREATE TRIGGER suggestions_fts_delete AFTER DELETE ON suggestions BEGIN
    INSERT INTO suggestions_fts(suggestions_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
END;
CREATE TRIGGER suggestions_fts_update AFTER UPDATE OF title, content ON suggestions BEGIN
    INSERT INTO suggestions_fts(suggestions_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
    INSERT INTO suggestions_fts(rowid, title, content) VALUES (new.id, new.title, new.content);
END;
"""

FTS_MIN_VERSION = (3, 34, 0)
