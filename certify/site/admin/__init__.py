"""The site admin's pages for the records and for the workflows' rule tables.

Django's admin autodiscovery imports this package; the modules register on import.
"""

from certify.site.admin import records, system, workflows  # noqa: F401
