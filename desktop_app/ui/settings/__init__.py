"""The settings page (设置)."""
