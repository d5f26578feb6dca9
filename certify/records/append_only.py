"""The two changes the append-only event table permits, and nothing else.

On PostgreSQL the application role may not UPDATE certify_requestevent at all; it calls
SECURITY DEFINER functions owned by the owner role (migration 0009), which change only the
encrypted note. SQLite, used for development, has no roles: the same statements run directly.
"""

from collections.abc import Callable

from django.db import connection, transaction


def rewrap_event_notes(rotate: Callable[[str], str]) -> int:
    """Re-encrypt every event note with `rotate` (old token -> new token); returns how many."""
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id, note FROM certify_requestevent WHERE note <> ''")
        for event_id, note in cursor.fetchall():
            fresh = rotate(note)
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT certify_rewrap_event_note(%s, %s, %s)", [event_id, note, fresh]
                )
                (changed,) = cursor.fetchone()
            else:
                cursor.execute(
                    "UPDATE certify_requestevent SET note = %s WHERE id = %s AND note = %s",
                    [fresh, event_id, note],
                )
                changed = cursor.rowcount == 1
            count += int(bool(changed))
    return count


def blank_event_notes(request_id: int) -> None:
    """Empty the free-text notes of a closed request's events (the retention purge)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT certify_blank_event_notes(%s)", [request_id])
        else:
            cursor.execute(
                "UPDATE certify_requestevent SET note = '' WHERE request_id = %s AND note <> ''",
                [request_id],
            )
