"""Tagalog, which Django has no formats for: dates as written in the Philippines ("Abril 26, 1983"),
month first, with the month's name from certify's catalogue."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
SHORT_DATE_FORMAT = "m/d/Y"
DATE_INPUT_FORMATS = ["%m/%d/%Y", "%Y-%m-%d"]
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
