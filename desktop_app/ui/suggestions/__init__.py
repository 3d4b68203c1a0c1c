"""意见建议: the suggestions page, its detail pane, dialogs, statistics and 督办 reminders."""
