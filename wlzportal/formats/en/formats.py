"""The portal's one date format (``wlzportal.datums``) as the locale's defaults, for dates rendered without a filter."""

from wlzportal.datums import DATUM, MOMENT

DATE_FORMAT = DATUM
DATETIME_FORMAT = MOMENT
SHORT_DATE_FORMAT = DATUM
SHORT_DATETIME_FORMAT = MOMENT
