"""Kurasi's date and time formats per language (FORMAT_MODULE_PATH in settings): only what
differs from Django's own formats for the language. Indonesian writes times as 14.00, English
as 14:00 (a 24-hour clock, as the office works in WIB)."""
