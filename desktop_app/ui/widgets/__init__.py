"""Reusable widgets: filterable tables, form error labels, progress for long jobs, check lists."""
