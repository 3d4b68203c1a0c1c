"""乡镇人大工作台 — offline desktop application for a township people's congress office."""

__version__ = "0.1.0"
