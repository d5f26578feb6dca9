"""Who does things: the types every action and read names its `actor` with."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from certify.records.models import User

# A signed-in person performing an action, or None for the system (the sweep, submission).
Actor: TypeAlias = User | None
# Whoever sent an HTTP request: a signed-in person or an anonymous visitor.
Visitor: TypeAlias = User | AnonymousUser
# Whoever an audit entry names: a person, an anonymous visitor, or the system.
AuditActor: TypeAlias = User | AnonymousUser | None
