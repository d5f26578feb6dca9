"""The certifying official's workspace (issue 6): the agency queue, the request page, the
agency's parts of the supplement, signing, denying, withdrawing and the secure message thread.

Views hold no rules: every change goes through a named function in ``services`` (keyword
arguments and an actor; validated; one transaction; notices after commit), and every status
change through ``workflows.lifecycle.transition``.
"""
