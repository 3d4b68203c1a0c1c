"""Schema version 3 — 一人一档 and 履职积分: score rules per year, manual adjustments, frozen years,
honours and discipline records, 述职 with the voters' evaluation, and free notes on a deputy.

Documents kept in a deputy's archive are rows of ``attachments`` with owner_table 'deputies'.
"""

SCRIPT = """
-- One row per rule and year; a year's rule set is copied from the previous year when first needed.
CREATE TABLE score_rules (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    item TEXT NOT NULL,                 -- shown name, e.g. 出席乡人代会
    source TEXT NOT NULL,               -- domain.scoring.SOURCES key, or 'manual'
    activity_type_id INTEGER REFERENCES activity_types(id),  -- for source 'activity'; NULL = any type
    points REAL NOT NULL,               -- per occurrence; negative for deductions
    cap REAL,                           -- most points (absolute) this rule gives in a year; NULL = no cap
    sort_order INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
);
CREATE INDEX idx_score_rules_year ON score_rules(year);

-- Bonus and deductions entered by hand, kept apart from the computed points.
CREATE TABLE score_adjustments (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    rule_id INTEGER REFERENCES score_rules(id),
    points REAL NOT NULL,
    reason TEXT NOT NULL,
    made_by TEXT NOT NULL,
    date TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE INDEX idx_score_adjustments_year ON score_adjustments(year, deputy_id);

-- 审核: once a year is frozen its scores are read from frozen_scores, never recomputed.
CREATE TABLE score_freezes (
    year INTEGER PRIMARY KEY,
    frozen_at TEXT NOT NULL,
    frozen_by TEXT NOT NULL,
    note TEXT
);
CREATE TABLE frozen_scores (
    year INTEGER NOT NULL REFERENCES score_freezes(year),
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    computed REAL NOT NULL,
    adjusted REAL NOT NULL,
    total REAL NOT NULL,
    grade TEXT,
    rank INTEGER,
    detail TEXT NOT NULL,               -- JSON: the per-rule lines as they were when frozen
    PRIMARY KEY (year, deputy_id)
) WITHOUT ROWID;

-- 荣誉 (优秀代表 …) and 处分/诫勉 records.
CREATE TABLE honors (
    id INTEGER PRIMARY KEY,
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    kind TEXT NOT NULL CHECK (kind IN ('荣誉', '处分')),
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    issuer TEXT,
    note TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE INDEX idx_honors_deputy ON honors(deputy_id, date);

-- 述职: a deputy reports to the voters, who evaluate them.
CREATE TABLE report_backs (
    id INTEGER PRIMARY KEY,
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    date TEXT NOT NULL,
    activity_id INTEGER REFERENCES activities(id),
    place TEXT,
    voters_present INTEGER,
    satisfied INTEGER,                  -- votes 满意
    basically_satisfied INTEGER,        -- votes 基本满意
    unsatisfied INTEGER,                -- votes 不满意
    evaluation TEXT CHECK (evaluation IS NULL OR evaluation IN ('满意', '基本满意', '不满意')),
    note TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE INDEX idx_report_backs_deputy ON report_backs(deputy_id, date);

CREATE TABLE deputy_notes (
    id INTEGER PRIMARY KEY,
    deputy_id INTEGER NOT NULL REFERENCES deputies(id),
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    deleted_at TEXT
);
CREATE INDEX idx_deputy_notes_deputy ON deputy_notes(deputy_id);
"""
