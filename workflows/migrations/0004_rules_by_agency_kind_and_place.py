"""Deadline rules scoped by agency kind and place, dated, and citing official sources only.

Schema: a rule now names the kinds of agency its law binds (and leaves out), the city a local
rule covers, the law's short name (its versions may not overlap; different laws may, and the
engine keeps the strictest clock), what kind of law it is, its checking status (checked against
the text, or from a secondary source), laws without a clock, the victim's own age-out, a
shorter age-out window, a first-encounter clock, denial-letter and reconsideration clocks, and
a delay notice. The policy rows go: where no law sets a clock the engine uses the agency's own
published target, else the site's default setting.

Data: every row is rewritten from the list below and the new rows are added, each change
logged in DeadlineRuleChange. The list is written out here rather than imported so that this
migration keeps doing the same thing after the live rules are edited in the admin. Where a
fact is not settled the row says so in its checking notes and is set to the reading that gives
the victim the earlier date.
"""

import importlib
from datetime import date

import django.core.validators
from django.db import migrations, models
from django.utils import timezone

import workflows.models

CAL = "calendar"
BUS = "business"
ALL_KINDS = []  # every kind not excluded
LAW_ENFORCEMENT = ["police", "sheriff"]
WHO = "migration 0004"


def _leginfo_section(section):
    return (
        "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml"
        f"?lawCode=PEN&sectionNum={section}"
    )


def _leginfo_bill(bill_id):
    return f"https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id={bill_id}"


CA_679_10 = _leginfo_section("679.10")
CA_679_11 = _leginfo_section("679.11")
CA_236_5 = _leginfo_section("236.5")
SB_674 = _leginfo_bill("201520160SB674")
AB_2027 = _leginfo_bill("201520160AB2027")
AB_917 = _leginfo_bill("201920200AB917")
AB_1261 = _leginfo_bill("202320240AB1261")

CA_U_PRESUMPTION = (
    "Rebuttable presumption: the victim is helpful unless they refused or failed to give "
    "information and help that law enforcement reasonably asked for."
)
CA_T_PRESUMPTION = (
    "Rebuttable presumption that the victim is cooperative, unless they refused or failed to "
    "give information and help that law enforcement reasonably asked for."
)
CA_DATES = (
    "Start dates are 1 January after each act, California's usual effective date for a "
    "statute without its own (Cal. Const., art. IV, sec. 8(c))."
)

ROWS = []


def row(replaces=None, **fields):
    ROWS.append({"replaces": replaces, **fields})


# --- California -------------------------------------------------------------------------------
row(
    replaces=("CA", "U", date(2016, 1, 1)),
    state="CA",
    form="U",
    provision="ca-pc-679-10",
    law="Cal. Penal Code 679.10, as enacted by SB 674 of 2015",
    source=f"{CA_679_10} {SB_674}",
    checking_notes=(
        "90 and 14 days were read in the bill as introduced, not in the chaptered text. "
        + CA_DATES
    ),
    effective_from=date(2016, 1, 1),
    effective_to=date(2019, 12, 31),
    days=90,
    removal_days=14,
    presumption_of_helpfulness=True,
    presumption_text=CA_U_PRESUMPTION,
)
row(
    replaces=("CA", "U", date(2020, 1, 1)),
    state="CA",
    form="U",
    provision="ca-pc-679-10",
    law="Cal. Penal Code 679.10, as amended by AB 917 of 2019",
    source=f"{CA_679_10} {AB_917}",
    checking_notes=(
        "30 and 7 days come from summaries of AB 917; the section's text was not read. "
        "Written reasons on denial before AB 1261: not known. " + CA_DATES
    ),
    effective_from=date(2020, 1, 1),
    effective_to=date(2023, 12, 31),
    days=30,
    removal_days=7,
    presumption_of_helpfulness=True,
    presumption_text=CA_U_PRESUMPTION,
)
row(
    replaces=("CA", "U", date(2024, 1, 1)),
    state="CA",
    form="U",
    provision="ca-pc-679-10",
    law="Cal. Penal Code 679.10, as amended by AB 917 of 2019 and AB 1261 of 2023",
    source=f"{CA_679_10} {AB_1261}",
    checking_notes=(
        "30 and 7 days are AB 917's figures, from summaries; whether AB 1261 changed the "
        "timeline is not settled (only a truncated digest was read). " + CA_DATES
    ),
    effective_from=date(2024, 1, 1),
    days=30,
    removal_days=7,
    presumption_of_helpfulness=True,
    presumption_text=CA_U_PRESUMPTION,
    written_denial_required=True,
)
row(
    state="CA",
    form="T",
    provision="ca-pc-679-11",
    law="Cal. Penal Code 679.11, as enacted by AB 2027 of 2016",
    source=f"{CA_679_11} {AB_2027}",
    checking_notes=(
        "90 days, and 14 in removal proceedings, read in the bill as introduced and in the "
        "Senate's analysis, not in the chaptered text. " + CA_DATES
    ),
    effective_from=date(2017, 1, 1),
    effective_to=date(2019, 12, 31),
    days=90,
    removal_days=14,
    presumption_of_helpfulness=True,
    presumption_text=CA_T_PRESUMPTION,
)
row(
    replaces=("CA", "T", date(2020, 1, 1)),
    state="CA",
    form="T",
    provision="ca-pc-679-11",
    law="Cal. Penal Code 679.11, as amended by AB 917 of 2019",
    source=f"{CA_679_11} {AB_917}",
    checking_notes="30 and 7 days come from summaries of AB 917. " + CA_DATES,
    effective_from=date(2020, 1, 1),
    effective_to=date(2023, 12, 31),
    days=30,
    removal_days=7,
    presumption_of_helpfulness=True,
    presumption_text=CA_T_PRESUMPTION,
)
row(
    replaces=("CA", "T", date(2024, 1, 1)),
    state="CA",
    form="T",
    provision="ca-pc-679-11",
    law="Cal. Penal Code 679.11, as amended by AB 917 of 2019 and AB 1261 of 2023",
    source=f"{CA_679_11} {AB_1261}",
    checking_notes=(
        "30 and 7 days come from summaries of AB 917; whether AB 1261 changed the timeline is "
        "not settled. " + CA_DATES
    ),
    effective_from=date(2024, 1, 1),
    days=30,
    removal_days=7,
    presumption_of_helpfulness=True,
    presumption_text=CA_T_PRESUMPTION,
    written_denial_required=True,
)
row(
    state="CA",
    form="T",
    provision="ca-pc-236-5",
    law="Cal. Penal Code 236.5",
    source=CA_236_5,
    checking="text",
    checking_notes=(
        "Read in the section's text: law enforcement agencies provide the declaration within "
        "15 business days of the first encounter with a victim of human trafficking; a letter "
        "explaining a denial within 15 days; reconsideration within one week of receiving new "
        "evidence. Whether a prosecutor's or city attorney's office is a 'law enforcement "
        "agency' here is not settled: they are included, which gives the earlier date. The "
        "section was 236.2 from 1 January 2006 (AB 22, 2005) and was renumbered 236.5 by "
        "Stats. 2008, ch. 358."
    ),
    effective_from=date(2006, 1, 1),
    binds_kinds=["police", "sheriff", "prosecutor", "city_attorney"],
    first_encounter_days=15,
    first_encounter_day_kind=BUS,
    denial_letter_days=15,
    denial_letter_day_kind=CAL,
    appeal_days=7,
    appeal_day_kind=CAL,
)

# --- Washington -------------------------------------------------------------------------------
for _form in ("U", "T"):
    row(
        replaces=("WA", _form, date(2018, 6, 7)),
        state="WA",
        form=_form,
        provision="wa-rcw-7-98",
        law="RCW 7.98, the Safety and Access for Immigrant Victims Act",
        source="https://app.leg.wa.gov/RCW/default.aspx?cite=7.98",
        checking_notes=(
            "90 days, 14 in removal proceedings, and for child victims no later than 14 days "
            "before the child turns 21, from summaries; RCW 7.98's text was not read. 'Child "
            "victims' is applied both to a victim's child turning 21 and to a victim under 21 "
            "whose parents or siblings are to be included: the earlier date either way. The "
            "definition of certifying agency was not read, so every kind of agency is bound. "
            "Start date: 7 June 2018, the general effective date of 2018 session laws."
        ),
        notes="Yearly report to the Department of Commerce by 15 August (RCW 7.98.020).",
        effective_from=date(2018, 6, 7),
        days=90,
        removal_days=14,
        age_out_days_before=14,
        age_out_child_age=21,
        age_out_victim_age=21,
    )

# --- Illinois ---------------------------------------------------------------------------------
IL_SOURCE = "https://www.ilga.gov/legislation/ilcs/ilcs3.asp?ActID=3916&ChapterID=2"
IL_APPEAL_SOURCE = (
    "https://www.ilga.gov/legislation/ilcs/documents/000508250K11.htm "
    "https://www.ilga.gov/legislation/publicacts/fulltext.asp?Name=102-0401"
)
IL_NOTES = (
    "The Act's definition of certifying agency leaves out State courts (5 ILCS 825/5, read). "
    "90 business days from the Act's summaries; 825/10's own timeline text was not read. "
    "Expedites from summaries: 21 days in removal proceedings, and secondary sources add "
    "detention; 21 days when the victim or a child will turn 21, or a sibling 18, within the "
    "90 days, and 5 days in some cases, read here as an age-out within those 21 days. Whether "
    "the 21 and 5 days are business or calendar days is not settled: calendar days are used, "
    "the earlier date, and an age-out answer is never due on or after the birthday."
)
for _form in ("U", "T"):
    row(
        replaces=("IL", _form, date(2019, 1, 1)),
        state="IL",
        form=_form,
        provision="il-5-ilcs-825",
        law="5 ILCS 825/10, the VOICES Act",
        source=IL_SOURCE,
        checking_notes=IL_NOTES + " Start: 1 January 2019 (P.A. 100-1115).",
        effective_from=date(2019, 1, 1),
        effective_to=date(2021, 12, 31),
        excludes_kinds=["court"],
        days=90,
        day_kind=BUS,
        removal_days=21,
        detention_days=21,
        age_out_window_days=21,
        age_out_urgent_days=5,
        age_out_child_age=21,
        age_out_sibling_age=18,
        age_out_victim_age=21,
        expedite_day_kind=CAL,
    )
    row(
        state="IL",
        form=_form,
        provision="il-5-ilcs-825",
        law="5 ILCS 825/10 and 825/11, the VOICES Act as amended by P.A. 102-401",
        source=f"{IL_SOURCE} {IL_APPEAL_SOURCE}",
        checking_notes=IL_NOTES
        + " From 1 January 2022 (P.A. 102-401): a written notice explaining a denial, with "
        "appeal contact, and an answer to an appeal within 30 business days (825/11).",
        effective_from=date(2022, 1, 1),
        excludes_kinds=["court"],
        days=90,
        day_kind=BUS,
        removal_days=21,
        detention_days=21,
        age_out_window_days=21,
        age_out_urgent_days=5,
        age_out_child_age=21,
        age_out_sibling_age=18,
        age_out_victim_age=21,
        expedite_day_kind=CAL,
        written_denial_required=True,
        appeal_days=30,
        appeal_day_kind=BUS,
    )

# --- Minnesota, Minneapolis and Saint Paul ------------------------------------------------------
for _form in ("U", "T"):
    row(
        replaces=("MN", _form, None),
        state="MN",
        form=_form,
        provision="mn-611a-95",
        law="Minn. Stat. 611A.95",
        source=(
            "https://www.revisor.mn.gov/statutes/cite/611A.95 "
            "https://www.revisor.mn.gov/statutes/cite/645.02"
        ),
        checking_notes=(
            "Read in the section's text: a certifying entity is a state or local law "
            "enforcement agency; 90 days, 14 in removal proceedings, the expedite raised at the "
            "time of the request. The section dates from 2021 (its definitions cite federal law "
            "as amended through 1 June 2021); the day it took effect was not read, so 1 August "
            "2021 is used, Minnesota's default (Minn. Stat. 645.02)."
        ),
        notes=(
            "No investigation, charges or conviction needed if the entity opened an "
            "investigation and the victim cooperated."
        ),
        effective_from=date(2021, 8, 1),
        binds_kinds=LAW_ENFORCEMENT,
        days=90,
        removal_days=14,
        expedite_must_be_requested=True,
    )
    row(
        state="MN",
        place="Minneapolis",
        form=_form,
        provision="minneapolis-u-t-certification-ordinance",
        law="Minneapolis Code of Ordinances, U and T visa certification ordinance of 2017",
        authority="ordinance",
        source=(
            "https://www.minneapolismn.gov/government/programs-initiatives/u-visa-t-visa/"
            "certification-process/"
        ),
        checking_notes=(
            "30 days, and 7 for victims or family members in removal proceedings, from the "
            "City's announcement of the ordinance (approved 15 December 2017); the ordinance's "
            "text and the day it took effect were not read, so the day of approval is used. "
            "The ordinance allows longer 'as soon as reasonably possible' when off-site records "
            "or other good cause delay the answer. Binds the City's certifying departments: "
            "the police department and the city attorney's office."
        ),
        effective_from=date(2017, 12, 15),
        binds_kinds=["police", "city_attorney"],
        days=30,
        removal_days=7,
    )
    row(
        state="MN",
        place="Saint Paul",
        place_aliases="St. Paul, St Paul",
        form=_form,
        provision="saint-paul-code-44-06",
        law="Saint Paul Legislative Code 44.06",
        authority="ordinance",
        source="https://library.municode.com/mn/st._paul/codes/code_of_ordinances",
        checking_notes=(
            "Read in the section's text: city certifying agencies (the police department and "
            "the city attorney's office) process requests within 30 days of receipt, and within "
            "7 days for victims or qualifying family members in removal proceedings, or as "
            "soon as reasonably possible where off-site records or other good cause delay "
            "them. Enacted in 2018; the day was not read, so 1 January 2018 is used, the "
            "earlier date."
        ),
        effective_from=date(2018, 1, 1),
        binds_kinds=["police", "city_attorney"],
        days=30,
        removal_days=7,
    )

# --- Colorado, Massachusetts, Virginia, Maryland, Nebraska ------------------------------------------
row(
    replaces=("CO", "U", date(2021, 9, 1)),
    state="CO",
    form="U",
    provision="co-crs-24-4-1-401",
    law="C.R.S. 24-4.1-401 to 24-4.1-406",
    source="https://leg.colorado.gov/bills/hb21-1060",
    checking_notes=(
        "90 and 30 days and the written-reasons duty come from a summary; the timeline's text "
        "was not read. Whether the law covers T is not settled (its text speaks of U visas), "
        "so there is no T row. The definition of certifying agency was not read."
    ),
    effective_from=date(2021, 9, 1),
    days=90,
    removal_days=30,
    presumption_of_helpfulness=True,
    presumption_text=(
        "Helpful unless there is documentation that the victim refused or failed to help; a "
        "language barrier is not a refusal. Only victim status and helpfulness may be "
        "considered (24-4.1-403)."
    ),
    written_denial_required=True,
)
for _form in ("U", "T"):
    row(
        replaces=("MA", _form, date(2021, 7, 1)),
        state="MA",
        form=_form,
        provision="ma-gl-258f",
        law="G.L. c. 258F, § 3",
        source="https://malegislature.gov/Laws/GeneralLaws/PartIII/TitleIV/Chapter258F/Section3",
        checking="text",
        checking_notes=(
            "Read in the section's text (St. 2021, c. 24, sec. 65, in force 1 July 2021): within "
            "90 days the entity signs, denies in writing 'without prejudice' with the reason, "
            "or, in extenuating circumstances outside its control, explains the delay in "
            "writing with the process and a projected time frame. No expedite. The definition "
            "of certifying entity was not read, so every kind of agency is bound."
        ),
        notes="Yearly report to the Executive Office of Public Safety and Security by 1 February.",
        effective_from=date(2021, 7, 1),
        days=90,
        written_denial_required=True,
        delay_notice_allowed=True,
    )
for _form in ("U", "T"):
    row(
        replaces=("VA", _form, date(2021, 7, 1)),
        state="VA",
        form=_form,
        provision="va-code-9-1-1500",
        law="Va. Code 9.1-1500 to 9.1-1502",
        source=(
            "https://law.lis.virginia.gov/vacode/title9.1/chapter15/ "
            "https://lis.virginia.gov/cgi-bin/legp604.exe?212+ful+CHAP0468"
        ),
        checking_notes=(
            "The definition of certifying agency was read in the act (2021 Sp. Sess. I, "
            "ch. 468): law-enforcement agencies, attorneys for the Commonwealth, the Attorney "
            "General and other agencies employing law-enforcement officers; courts are not "
            "among them. 120 days and the written-denial duty come from a summary; the "
            "timeline's text was not read. No expedite found."
        ),
        notes="An expedited 30-day circuit-court review exists for disputes: a court process.",
        effective_from=date(2021, 7, 1),
        excludes_kinds=["court"],
        days=120,
        written_denial_required=True,
    )
row(
    replaces=("MD", "U", date(2025, 10, 1)),
    state="MD",
    form="U",
    provision="md-cp-11-930",
    law="Md. Code, Crim. Proc. 11-930 to 11-932",
    source="https://mgaleg.maryland.gov/mgawebsite/Laws/StatuteText?article=gcp&section=11-930",
    checking_notes=(
        "45 and 7 days from a summary of the 2025 act (SB 608 / HB 579); the text was not "
        "read. The law covers the U form only, so T requests have no Maryland clock."
    ),
    effective_from=date(2025, 10, 1),
    days=45,
    removal_days=7,
    presumption_of_helpfulness=True,
    presumption_text=(
        "Helpful if, since cooperation began, the victim has not unreasonably refused or "
        "failed to give information or help reasonably requested."
    ),
    written_denial_required=True,
)
for _form in ("U", "T"):
    row(
        replaces=("NE", _form, date(2020, 11, 14)),
        state="NE",
        form=_form,
        provision="ne-29-217",
        law="Neb. Rev. Stat. 29-217",
        source="https://nebraskalegislature.gov/laws/statutes.php?statute=29-217",
        checking_notes=(
            "90 days from a summary; the text was not read. Expedites, presumption of "
            "helpfulness and written-denial duty not known, so none is modelled."
        ),
        effective_from=date(2020, 11, 14),
        days=90,
    )

# --- Laws that bind agencies but set no clock -----------------------------------------------
row(
    state="NV",
    form="U",
    provision="nv-nrs-217-580",
    law="NRS 217.580 to 217.590",
    source="https://www.leg.state.nv.us/NRS/NRS-217.html",
    checking_notes=(
        "No response clock was found in these sections. Enacted in 2019; 1 October 2019 is "
        "Nevada's default effective date (NRS 218D.330), the day itself not read. Whether the "
        "law covers T is not settled. Yearly report to the Legislative Counsel Bureau by "
        "1 January with the reasons for each denial (NRS 217.590)."
    ),
    effective_from=date(2019, 10, 1),
    presumption_of_helpfulness=True,
    presumption_text=(
        "Rebuttable presumption of helpfulness. The agency may not weigh the time since the "
        "crime, the lack of an active investigation, of charges, of a prosecution or of a "
        "conviction."
    ),
)
row(
    state="OR",
    form="U",
    provision="or-ors-147-620",
    law="ORS 147.620",
    source="https://www.oregonlegislature.gov/bills_laws/ors/ors147.html",
    checking_notes=(
        "No response clock was found in the text read. Enacted by SB 962 (2019); 1 January "
        "2020 is used, Oregon's usual start for a 2019 act without its own date. Reporting to "
        "the Criminal Justice Commission under SB 597 (2023). Whether the law covers T is not "
        "settled."
    ),
    effective_from=date(2020, 1, 1),
    presumption_of_helpfulness=True,
    presumption_text=(
        "Rebuttable presumption that the victim is helpful, worded as in California's law."
    ),
)
row(
    state="CT",
    form="U",
    provision="ct-cgs-46b-38b",
    law="Conn. Gen. Stat. 46b-38b",
    source="https://www.cga.ct.gov/current/pub/chap_815e.htm",
    checking_notes=(
        "Each police department designates at least one officer for U certifications; no "
        "response clock found. The section's text and start date were not read."
    ),
    binds_kinds=["police"],
)
for _form in ("U", "T"):
    row(
        state="NJ",
        form=_form,
        provision="nj-ag-directive-2018-6",
        law="N.J. Attorney General Law Enforcement Directive 2018-6",
        authority="directive",
        source="https://www.nj.gov/lps/njsp/certifications-t-and-u-visas.shtml",
        checking_notes=(
            "The Directive requires law enforcement agencies to process U and T certification "
            "requests; no statewide response clock was found. In force from 15 March 2019, as "
            "summarised; the Directive's text was not read."
        ),
        effective_from=date(2019, 3, 15),
        binds_kinds=["police", "sheriff", "prosecutor"],
    )

# --- New York City ----------------------------------------------------------------------------
row(
    state="NY",
    place="New York",
    place_aliases="New York City, Manhattan, Brooklyn, Bronx, The Bronx, Queens, Staten Island",
    form="U",
    provision="nyc-38-rcny-22",
    law="38 RCNY chapter 22, the Police Department's rules on U certifications",
    authority="regulation",
    source=(
        "https://rules.cityofnewyork.us/content/"
        "requesting-certifications-u-nonimmigrant-status-u-certifications"
    ),
    checking_notes=(
        "In force from 8 May 2016 (read on the City's rules site). The chapter governs the "
        "Police Department's handling of U certification requests; its processing period was "
        "not read, so no clock is set and the agency's own target applies until it is checked. "
        "New York State has no statute setting a clock."
    ),
    effective_from=date(2016, 5, 8),
    binds_kinds=["police"],
)


# --- applying the list ------------------------------------------------------------------------

DEFAULTS = {
    "place": "",
    "place_aliases": "",
    "authority": "statute",
    "checking": "secondary",
    "checking_notes": "",
    "notes": "",
    "effective_from": None,
    "effective_to": None,
    "binds_kinds": [],
    "excludes_kinds": [],
    "days": None,
    "day_kind": CAL,
    "removal_days": None,
    "detention_days": None,
    "age_out_days_before": None,
    "age_out_window_days": None,
    "age_out_urgent_days": None,
    "age_out_child_age": None,
    "age_out_sibling_age": None,
    "age_out_victim_age": None,
    "expedite_day_kind": CAL,
    "expedite_must_be_requested": False,
    "first_encounter_days": None,
    "first_encounter_day_kind": "",
    "presumption_of_helpfulness": None,
    "presumption_text": "",
    "written_denial_required": None,
    "denial_letter_days": None,
    "denial_letter_day_kind": "",
    "appeal_days": None,
    "appeal_day_kind": "",
    "delay_notice_allowed": False,
}


def _snapshot(rule):
    data = {}
    for field in rule._meta.concrete_fields:
        if field.name in {"id", "updated_at"}:
            continue
        value = getattr(rule, field.attname)
        data[field.name] = value.isoformat() if isinstance(value, date) else value
    return data


def _log(Change, rule, action, before, after):
    Change.objects.create(
        rule=rule if action != "deleted" else None,
        rule_label=f"{rule.state} {rule.form} {rule.provision or rule.law}"[:300],
        action=action,
        changed_at=timezone.now(),
        changed_by=WHO,
        before=before,
        after=after,
    )


def forward(apps, schema_editor):
    Rule = apps.get_model("workflows", "DeadlineRule")
    Change = apps.get_model("workflows", "DeadlineRuleChange")
    for rule in Rule.objects.all():
        rule.checking = "text" if rule.confirmed else "secondary"
        rule.save(update_fields=["checking"])
    # The policy rows: the fallback is now the agency's own target or the site's default.
    for rule in Rule.objects.filter(is_policy=True):
        _log(Change, rule, "deleted", _snapshot(rule), None)
        rule.delete()
    for spec in ROWS:
        spec = dict(spec)
        replaces = spec.pop("replaces")
        values = {**DEFAULTS, **spec}
        rule = None
        if replaces is not None:
            state, form, start = replaces
            rule = Rule.objects.filter(
                state=state, form=form, effective_from=start, provision=""
            ).first()
        if rule is None:
            rule = Rule.objects.filter(
                provision=values["provision"],
                form=values["form"],
                effective_from=values["effective_from"],
            ).first()
        if rule is None:
            rule = Rule(**values)
            rule.save()
            _log(Change, rule, "created", None, _snapshot(rule))
            continue
        before = _snapshot(rule)
        for name, value in values.items():
            setattr(rule, name, value)
        rule.save()
        _log(Change, rule, "changed", before, _snapshot(rule))
    # Rows an admin added that the list does not know: each becomes its own law.
    for rule in Rule.objects.filter(provision=""):
        rule.provision = f"{rule.state.lower()}-{rule.form.lower()}-rule-{rule.pk}"
        rule.save(update_fields=["provision"])
    _fire_deferred_checks(schema_editor)


def _fire_deferred_checks(schema_editor):
    """PostgreSQL will not ALTER a table with deferred constraint checks still pending from the
    rows just written (the change log's foreign keys); the fields removed next need them done."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def load(apps, schema_editor):
    """Create the rows of the list on an empty table (the browser tests reload them after each
    flush; the migration itself rewrites existing rows with ``forward``)."""
    Rule = apps.get_model("workflows", "DeadlineRule")
    for spec in ROWS:
        values = {**DEFAULTS, **{k: v for k, v in spec.items() if k != "replaces"}}
        Rule.objects.create(**values)


def backward(apps, schema_editor):
    """Back to the rows as 0002 seeded them (admin edits since then are not kept)."""
    Rule = apps.get_model("workflows", "DeadlineRule")
    Rule.objects.all().delete()
    seeded = importlib.import_module("workflows.migrations.0002_seed_deadline_rules")
    for spec in seeded.RULES:
        values = dict(spec)
        notes = values.pop("unconfirmed_notes", "")
        confirmed = values.get("confirmed", False)
        Rule.objects.create(
            **values,
            checking_notes=notes,
            checking="text" if confirmed else "secondary",
            provision=f"{values['state'].lower() or 'policy'}-{values['form'].lower()}-"
            f"{values.get('effective_from') or 'open'}",
        )
    _fire_deferred_checks(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("workflows", "0003_routing_assignments_notices")]

    operations = [
        migrations.AddField(
            model_name="deadlinerule",
            name="provision",
            field=models.SlugField(default="", max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="place",
            field=models.CharField(
                blank=True,
                help_text="The city a local rule covers; empty for a rule of the whole state.",
                max_length=100,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="place_aliases",
            field=models.CharField(
                blank=True,
                help_text="Other names of the place, separated by commas (e.g. Brooklyn, Queens).",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="authority",
            field=models.CharField(
                choices=[
                    ("statute", "state statute"),
                    ("regulation", "regulation or agency rule"),
                    ("ordinance", "local ordinance"),
                    ("directive", "directive binding the agencies"),
                ],
                default="statute",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="binds_kinds",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Agency kinds the law binds; empty: every kind not excluded.",
                validators=[workflows.models._kinds_are_known],
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="excludes_kinds",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Agency kinds the law leaves out (e.g. state courts in Illinois).",
                validators=[workflows.models._kinds_are_known],
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="checking",
            field=models.CharField(
                choices=[
                    ("text", "checked against the law's text"),
                    ("secondary", "from a secondary source, not yet checked against the law's text"),
                ],
                default="secondary",
                help_text="Choose 'checked' only when the figures were read in the law's own text.",
                max_length=10,
            ),
        ),
        migrations.RenameField(
            model_name="deadlinerule", old_name="unconfirmed_notes", new_name="checking_notes"
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="checking_notes",
            field=models.TextField(
                blank=True,
                help_text="What on this row is not settled, and which way the row errs (for staff).",
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="age_out_urgent_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "Days to certify when the age-out date falls inside that shorter window "
                    "itself (e.g. IL: 5)."
                ),
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="age_out_victim_age",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "The victim's own age at which listed parents or siblings age out (21); "
                    "empty: the law does not count the victim's birthday."
                ),
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="first_encounter_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "Days from the agency's first encounter with the victim (e.g. Cal. Penal "
                    "Code 236.5: 15 business days)."
                ),
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="first_encounter_day_kind",
            field=models.CharField(
                blank=True,
                choices=[("calendar", "calendar days"), ("business", "business days")],
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="denial_letter_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Days to give the victim the letter explaining a denial.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="denial_letter_day_kind",
            field=models.CharField(
                blank=True,
                choices=[("calendar", "calendar days"), ("business", "business days")],
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="delay_notice_allowed",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The law lets the agency answer in time with a written explanation of a "
                    "delay and a projected date (e.g. MA)."
                ),
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty: the law sets no response clock.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="appeal_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Days for the agency to answer an appeal or a request to reconsider.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="law",
            field=models.CharField(
                help_text="Citation of the law, as people are to read it.", max_length=300
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="source",
            field=models.TextField(
                help_text=(
                    "Official web addresses of the law's text (legislature, government or "
                    "official code sites), separated by spaces."
                )
            ),
        ),
        migrations.RemoveConstraint(
            model_name="deadlinerule", name="workflows_rule_unique_start"
        ),
        migrations.RemoveConstraint(
            model_name="deadlinerule", name="workflows_rule_policy_iff_no_state"
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="deadlinerule", name="confirmed"),
        migrations.RemoveField(model_name="deadlinerule", name="is_policy"),
        migrations.AlterField(
            model_name="deadlinerule",
            name="provision",
            field=models.SlugField(
                help_text=(
                    "Short name of the law, the same on every version of it (e.g. "
                    "ca-pc-679-10): its periods may not overlap."
                ),
                max_length=60,
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="state",
            field=models.CharField(
                help_text="Two-letter state code.",
                max_length=2,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z]{2}$", "Use the two-letter postal code in capitals, e.g. CA."
                    )
                ],
            ),
        ),
        migrations.AlterModelOptions(
            name="deadlinerule",
            options={"ordering": ["state", "place", "form", "provision", "effective_from"]},
        ),
        migrations.AddConstraint(
            model_name="deadlinerule",
            constraint=models.UniqueConstraint(
                fields=("provision", "form", "effective_from"),
                name="workflows_rule_unique_version",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadlinerule",
            constraint=models.CheckConstraint(
                condition=models.Q(("state", ""), _negated=True),
                name="workflows_rule_has_a_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadlinerule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("first_encounter_day_kind", ""), ("first_encounter_days__isnull", True)),
                    models.Q(
                        ("first_encounter_days__isnull", False),
                        models.Q(("first_encounter_day_kind", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="workflows_rule_encounter_kind_with_days",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadlinerule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("denial_letter_day_kind", ""), ("denial_letter_days__isnull", True)),
                    models.Q(
                        ("denial_letter_days__isnull", False),
                        models.Q(("denial_letter_day_kind", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="workflows_rule_letter_kind_with_days",
            ),
        ),
    ]
