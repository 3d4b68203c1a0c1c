"""Schema version 1 — the tables of the roster, the congress session and the audit log.

Dates are ISO-8601 text. Deletes are soft (``deleted_at``) for anything a clerk typed.
"""

SCRIPT = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- 第十八届
    number INTEGER,
    start_date TEXT,
    end_date TEXT,
    is_current INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE districts (
    id INTEGER PRIMARY KEY,
    term_id INTEGER REFERENCES terms(id),
    name TEXT NOT NULL,                 -- 第一选区
    code TEXT,
    area TEXT,                          -- villages covered
    seats INTEGER,
    deleted_at TEXT,
    UNIQUE (term_id, name)
);

CREATE TABLE deputies (
    id INTEGER PRIMARY KEY,
    term_id INTEGER REFERENCES terms(id),
    name TEXT NOT NULL,
    name_initials TEXT NOT NULL DEFAULT '',   -- pinyin initials for search (张三 → zs)
    gender TEXT,                        -- 男 / 女
    ethnicity TEXT,                     -- one of the 56 official names
    birth_date TEXT,
    id_number TEXT UNIQUE,              -- 公民身份号码, upper-case X
    party TEXT,                         -- 政治面貌
    education TEXT,
    work_unit TEXT,
    post TEXT,
    occupation TEXT,                    -- structure category: 工人, 农民, ...
    phone TEXT,
    address TEXT,
    district_id INTEGER REFERENCES districts(id),
    level TEXT NOT NULL DEFAULT '乡',   -- 全国 / 省 / 市 / 县 / 乡
    first_elected TEXT,
    reelected INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT '在任',  -- 在任 / 辞职 / 罢免 / 调离 / 去世 / 资格终止
    status_date TEXT,
    status_reason TEXT,
    notes TEXT,
    photo BLOB,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE INDEX idx_deputies_term ON deputies(term_id);
CREATE INDEX idx_deputies_district ON deputies(district_id);

CREATE TABLE deputy_status_history (
    id INTEGER PRIMARY KEY,
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    status TEXT NOT NULL,
    date TEXT,
    reason TEXT,
    recorded_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX idx_status_history_deputy ON deputy_status_history(deputy_id);

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    term_id INTEGER REFERENCES terms(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '代表小组',   -- 代表小组 / 专业代表小组
    district_id INTEGER REFERENCES districts(id),
    convener_id INTEGER REFERENCES deputies(id),
    notes TEXT,
    deleted_at TEXT
);

CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES groups(id),
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (group_id, deputy_id)
);
CREATE INDEX idx_group_members_deputy ON group_members(deputy_id);

CREATE TABLE stations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '联络站',     -- 代表之家 / 联络站
    parent_id INTEGER REFERENCES stations(id),
    address TEXT,
    open_days TEXT,                     -- e.g. 每周一; 每月9日、19日
    contact TEXT,
    phone TEXT,
    notes TEXT,
    deleted_at TEXT
);

CREATE TABLE station_groups (
    station_id INTEGER NOT NULL REFERENCES stations(id),
    group_id INTEGER NOT NULL REFERENCES groups(id),
    PRIMARY KEY (station_id, group_id)
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    term_id INTEGER REFERENCES terms(id),
    number INTEGER NOT NULL,            -- 第Y次会议
    name TEXT NOT NULL,                 -- 第十八届人民代表大会第三次会议
    start_date TEXT,
    end_date TEXT,
    place TEXT,
    total_deputies INTEGER NOT NULL,    -- 全体代表人数, the base of every 过半数
    total_reason TEXT,                  -- why it differs from the roster count
    agenda TEXT,
    deleted_at TEXT
);

CREATE TABLE session_attendance (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    status TEXT NOT NULL,               -- 出席 / 请假 / 缺席
    note TEXT,
    PRIMARY KEY (session_id, deputy_id)
);

CREATE TABLE vote_items (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    code TEXT NOT NULL,                 -- 事项编号
    name TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- 选举 / 表决 / 票决 / 测评
    post TEXT,                          -- 主席 / 副主席 / 乡长 / 副乡长 ... (选举)
    seats INTEGER,                      -- 应选人数 / projects to choose
    allow_write_in INTEGER NOT NULL DEFAULT 0,
    issued INTEGER,                     -- 发出票数
    printed INTEGER,                    -- ballots printed, serials 1..printed
    double_entry INTEGER NOT NULL DEFAULT 0,
    rehearsal INTEGER NOT NULL DEFAULT 0,   -- 演练: never mixed with real items
    parent_item_id INTEGER REFERENCES vote_items(id),   -- 另行选举 of which item
    sort_order INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT '草稿',     -- 草稿 / 正式 (certified)
    certified_at TEXT,
    certified_by TEXT,
    options TEXT,                       -- JSON: paper size, orientation, threshold mode
    deleted_at TEXT,
    UNIQUE (session_id, rehearsal, code)
);

CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES vote_items(id),
    name TEXT NOT NULL,                 -- person or project
    deputy_id INTEGER REFERENCES deputies(id),
    description TEXT,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_candidates_item ON candidates(item_id);

-- One row per ballot paper returned, per counting team. Marks are one character per
-- candidate in ballot order (see domain/ballots.py); the deputy who held it is never stored.
CREATE TABLE ballots (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES vote_items(id),
    team INTEGER NOT NULL DEFAULT 1,
    serial INTEGER NOT NULL,
    marks TEXT NOT NULL DEFAULT '',
    write_ins TEXT NOT NULL DEFAULT '[]',   -- JSON list of names
    void INTEGER NOT NULL DEFAULT 0,        -- declared 作废 by the scrutineers
    void_reason TEXT,
    entered_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT,
    UNIQUE (item_id, team, serial)
);

CREATE TABLE reconciliation_decisions (
    item_id INTEGER NOT NULL REFERENCES vote_items(id),
    serial INTEGER NOT NULL,
    decided_team INTEGER NOT NULL,      -- whose reading stands
    note TEXT,
    decided_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    PRIMARY KEY (item_id, serial)
);

-- Append-only; each entry's hash covers the previous hash, so an edit outside the app shows.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id INTEGER,
    detail TEXT,                        -- JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
"""
