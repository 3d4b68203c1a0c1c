"""The groups page (代表小组 and 专业代表小组)."""
