"""The certifying official's workspace: the agency queue, the request page, the agency's parts
of the supplement, signing, denying, withdrawing and the secure message thread.

Views hold no rules: reads go through ``certify.records.selectors`` (the request, the queue),
every change through a named action in ``workflows`` (keyword arguments and an actor; validated;
one transaction; notices after commit), and every status change through
``workflows.lifecycle.transition``.
"""
