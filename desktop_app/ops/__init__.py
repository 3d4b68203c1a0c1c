"""One function per user action: each owns its transaction, backup and audit entry and returns a change set.

Pages (``ui/``) and commands (``commands/``) call these functions; they never open a transaction or write
SQL themselves. Functions that gather what a document needs (the 报告单 context, the 公告's posts) live
here too, so a page and ``python -m desktop_app export`` print the same words. See ``changes.Changes``.
"""
