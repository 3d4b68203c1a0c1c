"""The demo township 示范镇 (示范县): builders that write through the db stores, run by ``ops.demo`` in one transaction.

``township`` (term, districts, four levels of deputies, groups, stations), ``session`` (the congress session and
its vote items), ``activities`` (a year of activities, reception days, suggestions) and ``archive`` (honours,
report-backs, notes).
"""
