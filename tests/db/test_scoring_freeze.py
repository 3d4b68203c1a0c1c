"""审核冻结 of a whole year: what is frozen is exactly what the live scores showed, with progress and cancel.

Freezing reads every deputy's records in one pass (a different path from one deputy's details), so the
frozen lines are compared with the live details of each deputy, record by record.
"""

import pytest
from scoring_samples import YEAR, build_scoring

from desktop_app.db import audit, scoring


class Stop(Exception):
    pass


@pytest.fixture
def town(db):
    return build_scoring(db)


def test_frozen_lines_are_the_live_details_of_every_deputy(db, town):
    live_scores = scoring.annual_scores(db, YEAR)
    live_details = {r["deputy_id"]: scoring.score_details(db, YEAR, r["deputy_id"]) for r in live_scores}
    assert sum(len(line["records"]) for lines in live_details.values() for line in lines) > 20
    calls = []
    assert scoring.freeze_year(db, YEAR, "王主席", progress=lambda done, total: calls.append((done, total))) == 8
    assert scoring.annual_scores(db, YEAR) == live_scores
    for deputy_id, lines in live_details.items():
        assert scoring.score_details(db, YEAR, deputy_id) == lines, deputy_id
    assert calls[0] == (0, 100) and calls[-1] == (100, 100)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_cancelling_from_progress_freezes_nothing(db, town):
    before = scoring.annual_scores(db, YEAR)

    def progress(done, total):
        if done >= 50:
            raise Stop()

    with pytest.raises(Stop):
        scoring.freeze_year(db, YEAR, "王主席", progress=progress)
    assert not scoring.is_frozen(db, YEAR)
    assert db.execute("SELECT COUNT(*) FROM frozen_scores").fetchone()[0] == 0
    assert not audit.entries(db, entity="score_freeze", entity_id=YEAR)
    assert scoring.annual_scores(db, YEAR) == before
    assert scoring.freeze_year(db, YEAR, "王主席") == 8      # and it can be frozen afterwards
