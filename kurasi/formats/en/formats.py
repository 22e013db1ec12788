# Django's English formats use a 12-hour clock ("2:30 p.m."); the office works on a 24-hour
# clock in WIB, written 14:30, with dates day first as elsewhere in Kurasi.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
