"""班级群管家 — keeps a class WeChat group's roster, checks nicknames, logs and reports."""

__version__ = "0.1.0"
