"""ops.deputies.assign_term (补登届次): only term-less deputies move, one audit entry names them."""

from __future__ import annotations

import json

import pytest

from desktop_app.db import audit
from desktop_app.db import deputies as deputies_db
from desktop_app.db import terms as terms_db
from desktop_app.errors import UserError
from desktop_app.ops import deputies as deputies_ops
from desktop_app.ops.changes import Area


def test_assign_term_moves_only_termless_deputies_with_an_audit_entry(db):
    lonely = deputies_db.insert_deputy(db, {"name": "孙丽", "level": "乡"})
    term_id = terms_db.create_term(db, "第十九届", 19)
    placed = deputies_db.insert_deputy(db, {"name": "周强", "level": "乡"})   # joins the current term
    other = terms_db.create_term(db, "第二十届", 20, is_current=False)

    changes = deputies_ops.assign_term(db, [lonely, placed], other)
    assert changes.value == [lonely] and changes.areas == Area.DEPUTIES
    assert "孙丽" in changes.message and "第二十届" in changes.message
    assert deputies_db.get_deputy(db, lonely)["term_id"] == other
    assert deputies_db.get_deputy(db, placed)["term_id"] == term_id     # a deputy with a term is left alone
    entry = audit.entries(db)[-1]
    assert entry["action"] == "补登届次" and json.loads(entry["detail"])["deputy_ids"] == [lonely]

    again = deputies_ops.assign_term(db, [lonely], term_id)
    assert again.areas == Area.NONE and again.value == []


def test_assign_term_to_a_missing_term_changes_nothing(db):
    lonely = deputies_db.insert_deputy(db, {"name": "孙丽", "level": "乡"})
    with pytest.raises(UserError):
        deputies_ops.assign_term(db, [lonely], 999)
    assert deputies_db.termless_deputies(db)[0]["id"] == lonely
