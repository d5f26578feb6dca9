"""Which agency should certify, and which of its officials reviews the request.

Proposals, not decisions: the requester picks the agency, and a coordinator assigns through
``transition(move="assign")``. The ranking reflects who can actually certify the case:
a prosecutor once charges are filed, the police or sheriff before; within that, the agency's own
routing rules (kept as data in ``RoutingRule``) for offence levels and specialised units.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Max, Q

from certify.records.models import Agency, CertificationRequest, CertifyingOfficial

Kind = Agency.Kind

_INVESTIGATORS = frozenset({Kind.POLICE, Kind.SHERIFF})
_PROSECUTORS = frozenset({Kind.PROSECUTOR, Kind.CITY_ATTORNEY})
# No routing rule matched: sorts after every rule's priority.
_NO_RULE = 10_000


def _kind_rank(kind: str, case_charged: bool | None) -> int:
    # Charged: the prosecutor holds the case and is best placed to speak to helpfulness.
    # Not charged: only the investigating agency knows the victim's help so far. Unknown:
    # both are equally plausible. Courts, labour agencies and others come after.
    if case_charged is True:
        return 0 if kind in _PROSECUTORS else 1 if kind in _INVESTIGATORS else 2
    if case_charged is False:
        return 0 if kind in _INVESTIGATORS else 1 if kind in _PROSECUTORS else 2
    return 0 if kind in _INVESTIGATORS | _PROSECUTORS else 2


def propose_agencies(
    *,
    form: str,
    state: str,
    county: str,
    city: str,
    case_charged: bool | None,
    offence_level: str | None = None,
    unit: str | None = None,
    whole_state_if_none: bool = False,
) -> list[Agency]:
    """Agencies serving the crime's place that certify ``form``, best first.

    An agency serves the place if one of its service areas is the crime's county with the same
    city or with no city (county-wide). Ties break on the most specific area (a city agency
    before a county-wide one), then on name, so the order is stable. Without the county, the
    agencies with a service area in the city serve it, by name.

    With ``whole_state_if_none``, a place that no agency on record serves gets every agency of
    the state that certifies ``form``, by name, so the requester still has a choice.
    """
    state = state.strip().upper()
    county, city = county.strip(), city.strip()
    if state and county:
        proposed = _ranked(form, state, county, city, case_charged, offence_level, unit)
    elif state and city:
        in_city = Agency.objects.filter(state=state, service_areas__city__iexact=city)
        proposed = _certifying(in_city.distinct().order_by("name"), form)
    else:
        proposed = []
    if proposed or not (whole_state_if_none and state):
        return proposed
    return _certifying(Agency.objects.filter(state=state).order_by("name"), form)


def _certifying(agencies: Iterable[Agency], form: str) -> list[Agency]:
    return [agency for agency in agencies if agency.certifies(form)]


def _ranked(
    form: str,
    state: str,
    county: str,
    city: str,
    case_charged: bool | None,
    offence_level: str | None,
    unit: str | None,
) -> list[Agency]:
    place = Q(service_areas__county__iexact=county) & (
        Q(service_areas__city="") | Q(service_areas__city__iexact=city)
    )
    agencies = list(
        Agency.objects.filter(place, state=state)
        .distinct()
        .prefetch_related("service_areas", "routing_rules")
    )
    ranked: list[tuple[tuple[int, int, int, str, int], Agency]] = []
    for agency in agencies:
        if not agency.certifies(form):
            continue
        rule_rank = min(
            (
                rule.priority
                for rule in agency.routing_rules.all()
                if rule.matches(offence_level=offence_level, unit=unit)
            ),
            default=_NO_RULE,
        )
        city_match = any(
            area.county.casefold() == county.casefold()
            and area.city
            and area.city.casefold() == city.casefold()
            for area in agency.service_areas.all()
        )
        key = (
            _kind_rank(agency.kind, case_charged),
            rule_rank,
            0 if city_match else 1,
            agency.name.casefold(),
            agency.pk,
        )
        ranked.append((key, agency))
    return [agency for _key, agency in sorted(ranked, key=lambda item: item[0])]


def receiving_agency(req: CertificationRequest) -> Agency:
    """The agency ``req`` is addressed to. The wizard requires one before submission, so only a
    draft can lack it; asking a draft for its agency's clock or letters is a programming error.
    """
    agency = req.agency
    if agency is None:
        raise ValueError(f"Request {req.reference} has no agency yet.")
    return agency


def next_official(agency: Agency) -> CertifyingOfficial | None:
    """The active designated official who has waited longest since their last assignment.

    Never-assigned officials come first (oldest designation first); ties break on id, so two
    calls with nothing assigned in between give the same answer. None if nobody is active.
    """
    return (
        CertifyingOfficial.objects.filter(agency=agency, active=True, user__is_active=True)
        .annotate(last_assigned=Max("assignments__assigned_at"))
        .order_by(
            # Null first: someone who has never had a request is the least recently assigned.
            F("last_assigned").asc(nulls_first=True),
            "designation_date",
            "pk",
        )
        .select_related("user")
        .first()
    )
