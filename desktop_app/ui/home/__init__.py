"""工作台首页: what needs attention today."""
