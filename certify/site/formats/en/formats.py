"""US dates written out in full, as on a letter: "April 26, 1983", never "Apr. 26" or 04/26.

Spanish keeps Django's own long form ("26 de abril de 1983"): the month is named in both, so a
date cannot be read as day-month by one reader and month-day by another.
"""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
SHORT_DATE_FORMAT = "m/d/Y"
# Typed dates are read month first, as Americans write them (04/26/1983), or in ISO order.
DATE_INPUT_FORMATS = ["%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d"]
