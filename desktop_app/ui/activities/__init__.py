"""活动登记 page: the activity log with attendance and attachments, and the 接待选民日 tab."""
