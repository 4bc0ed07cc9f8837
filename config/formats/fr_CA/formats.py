"""Quebec formats for fr-CA.

Django's own fr_CA module prints times as ``13 01 40``; the Office québécois de la langue
française writes ``13 h 40``. Dates are ISO 8601 (``2024-11-24``), the form Quebec's public
administration uses; thousands are separated by a non-breaking space.
"""

DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "G\xa0\\h\xa0i"
DATETIME_FORMAT = "Y-m-d G\xa0\\h\xa0i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d G\xa0\\h\xa0i"
FIRST_DAY_OF_WEEK = 0  # Sunday, as on Quebec calendars
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%H h %M"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
