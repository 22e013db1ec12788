# Django's Indonesian formats write hours without a leading zero (G.i: 8.15); schedules line
# up and read better as 08.15. Everything else (decimal comma, thousands dot, dates) is Django's.
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j F Y, H.i"
SHORT_DATETIME_FORMAT = "j M Y, H.i"
