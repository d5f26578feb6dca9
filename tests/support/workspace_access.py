"""URL-by-role rows for the workspace's pages, merged into test_url_access.ACCESS.

Each builder puts the advocate's request where the page is meant to be used (assigned, in
review, denied, certified) so the row tests the permission, not a redirect for a wrong state.
"""

from datetime import date

from workflows.lifecycle import transition

PERSONAS = [
    "anonymous", "victim", "other_victim", "advocate", "other_advocate", "coordinator",
    "official", "lead", "other_official", "admin",
]  # fmt: skip
OK, LOGIN, FORBIDDEN, MISSING, REDIRECT = 200, "login", 403, 404, 302


def statuses(**given):
    """Everyone outside the request gets 404 (references cannot be probed); anonymous users
    are sent to sign in; the named personas get what is given."""
    row = {p: MISSING for p in PERSONAS}
    row["anonymous"] = LOGIN
    row.update(given)
    return row


# The advocate's request is seen by these; they get 403 where they see but may not act.
READERS = ("advocate", "coordinator", "official", "lead")


def acting(allowed: dict, refused=READERS):
    return statuses(**{**dict.fromkeys(refused, FORBIDDEN), **allowed})


def _assigned(world):
    req = transition(
        world.advocate_request,
        move="assign",
        actor=world.users["coordinator"],
        assigned_official=world.official_a,
    )
    return req


def _in_review(world):
    req = _assigned(world)
    return transition(req, move="start_review", actor=world.users["official"])


def ref(req) -> dict:
    return {"reference": req.reference}


def in_review(world):
    return ref(_in_review(world))


def in_review_electronic(world):
    world.agency_a.electronic_signature_allowed = True
    world.agency_a.save()
    return in_review(world)


def in_review_massachusetts(world):
    world.agency_a.state = "MA"
    world.agency_a.save()
    return in_review(world)


def denied(world):
    req = _in_review(world)
    return ref(transition(req, move="deny", actor=world.users["official"], note="No records."))


def certified(world):
    req = _in_review(world)
    return ref(
        transition(req, move="certify", actor=world.users["official"], signature_date=date.today())
    )


def assigned(world):
    return ref(_assigned(world))


def received(world):
    return ref(world.advocate_request)


WORKSPACE_ACCESS = {
    # Both sides of the thread post; a GET just goes back to the request page.
    "request_message": [
        ("", "get", received, statuses(**dict.fromkeys(READERS, REDIRECT))),
        ("", "post", received, statuses(**dict.fromkeys(READERS, OK))),  # empty: form errors
    ],
    "request_reconsideration": [
        ("denied", "get", denied, acting({"advocate": OK}, ("coordinator", "official", "lead")))
    ],
    "workspace_accept": [
        ("", "get", received, acting(dict.fromkeys(("coordinator", "lead"), OK))),
        ("", "post", received, acting(dict.fromkeys(("coordinator", "lead"), OK))),  # errors
        # Accepted already: back to the request page with a message.
        ("assigned", "get", assigned, acting(dict.fromkeys(("coordinator", "lead"), REDIRECT))),
    ],
    # The agency side asks; the requester's side, who can message, cannot find the page.
    "workspace_ask": [
        (
            "",
            "get",
            in_review,
            statuses(advocate=MISSING, **dict.fromkeys(("coordinator", "official", "lead"), OK)),
        ),
        (
            "",
            "post",
            in_review,
            statuses(advocate=MISSING, **dict.fromkeys(("coordinator", "official", "lead"), OK)),
        ),  # empty: form errors
        (
            "not in review",
            "get",
            received,
            statuses(
                advocate=MISSING, **dict.fromkeys(("coordinator", "official", "lead"), REDIRECT)
            ),
        ),
    ],
    "workspace_assign": [("", "get", received, acting(dict.fromkeys(("coordinator", "lead"), OK)))],
    "workspace_review": [("", "post", assigned, acting({"official": REDIRECT}))],
    "workspace_complete": [("", "get", in_review, acting({"official": OK}))],
    "workspace_complete_part": [
        ("", "get", lambda w: {**in_review(w), "part": 3}, acting({"official": OK})),
        (
            "part 1 is the requester's",
            "get",
            lambda w: {**in_review(w), "part": 1},
            acting({"official": MISSING}),
        ),
    ],
    # With blank items the copy is refused and the official is sent back to the list of them.
    "workspace_official_copy": [("", "post", in_review, acting({"official": REDIRECT}))],
    "workspace_sign": [("", "get", in_review, acting({"official": OK}))],
    "workspace_sign_electronic": [
        ("allowed", "get", in_review_electronic, acting({"official": OK})),
        ("not allowed", "get", in_review, acting({"official": MISSING})),
    ],
    "workspace_deny": [("", "get", in_review, acting({"official": OK}))],
    # An empty form is refused with a message on the request page.
    "workspace_first_encounter": [("", "post", in_review, acting({"official": REDIRECT}))],
    "workspace_delay_notice": [
        ("where the law allows it", "get", in_review_massachusetts, acting({"official": OK})),
        ("where it does not", "get", in_review, acting({"official": MISSING})),
    ],
    "workspace_withdraw": [
        ("certified", "get", certified, acting(dict.fromkeys(("official", "lead"), OK)))
    ],
}
