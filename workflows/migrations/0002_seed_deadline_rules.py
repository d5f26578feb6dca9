"""Seed the state deadline rules as first researched (0004 rewrites them with official sources).

The data is written out here rather than imported from a module, so that this migration keeps
doing the same thing after the live rules are edited in the admin.

"confirmed" follows the research notes' labels: a row is confirmed only when its figures were
read in the statute's text (a Primary source there). Figures that come from press releases,
nonprofit or law-firm summaries (Secondary), or that the reference flags UNCONFIRMED, stay
unconfirmed, with the reason in unconfirmed_notes.
"""

from datetime import date

from django.db import migrations

CAL = "calendar"
BUS = "business"

CA_PRESUMPTION = (
    "Rebuttable presumption: the victim is helpful unless they refused or failed to give "
    "information and help that law enforcement reasonably asked for (U, 679.10); for T the "
    "presumption is that the victim is cooperative (679.11)."
)
CA_T_CITATION_NOTE = (
    "The issue named Penal Code 236.5 for T; the reference cites 679.11 (added by AB 2027) for "
    "T and does not mention 236.5, so which section carries the T deadline is unconfirmed here."
)
CA_SOURCES_AB917 = (
    "Asm. Eloise Reyes press release on AB 917 (30 days / 7 days): "
    "a50.asmdc.org/press-releases/20191011-expedited-certification-process-u-visa-and-t-visa-"
    "applicants-signed-law; Holloway Firm blog (earlier 90/14): hollowayfirm.com/2015/04/23/"
)
CA_SOURCES_AB1261 = (
    CA_SOURCES_AB917 + "; AB 1261 (2023, ch. 679): leginfo.legislature.ca.gov/faces/"
    "billNavClient.xhtml?bill_id=202320240AB1261; ILRC update: "
    "ilrc.org/resources/california-u-visa-law-update"
)

RULES = [
    # --- California --------------------------------------------------------------------
    {
        "state": "CA",
        "form": "U",
        "law": "Cal. Penal Code 679.10 (SB 674, 2015)",
        "source": (
            "SB 674 (2015) as introduced: leginfo.ca.gov/pub/15-16/bill/sen/sb_0651-0700/"
            "sb_674_bill_20150227_introduced.html; Holloway Firm blog on SB 674 (90/14): "
            "hollowayfirm.com/2015/04/23/"
        ),
        "confirmed": False,
        "unconfirmed_notes": (
            "Figures from the bill as introduced and a law-firm blog, not the enacted text. "
            "Start date assumed: 1 Jan 2016, California's usual effective date for a 2015 "
            "statute; the reference gives none."
        ),
        "effective_from": date(2016, 1, 1),
        "effective_to": date(2019, 12, 31),
        "days": 90,
        "removal_days": 14,
        "presumption_of_helpfulness": True,
        "presumption_text": CA_PRESUMPTION,
    },
    {
        "state": "CA",
        "form": "U",
        "law": "Cal. Penal Code 679.10 (as amended by AB 917, 2019)",
        "source": CA_SOURCES_AB917,
        "confirmed": False,
        "unconfirmed_notes": (
            "30 and 7 days come from the author's press release and a blog (Secondary); the "
            "statute text was not read. Written reasons on denial before AB 1261: unknown."
        ),
        "effective_from": date(2020, 1, 1),
        "effective_to": date(2023, 12, 31),
        "days": 30,
        "removal_days": 7,
        "presumption_of_helpfulness": True,
        "presumption_text": CA_PRESUMPTION,
    },
    {
        "state": "CA",
        "form": "U",
        "law": "Cal. Penal Code 679.10 (AB 917, 2019; AB 1261, 2023)",
        "source": CA_SOURCES_AB1261,
        "confirmed": False,
        "unconfirmed_notes": (
            "30 and 7 days are AB 917's figures from a press release (Secondary). Whether AB "
            "1261 (eff. 1 Jan 2024) changed the timeline is unconfirmed: the digest read was "
            "truncated."
        ),
        "effective_from": date(2024, 1, 1),
        "days": 30,
        "removal_days": 7,
        "presumption_of_helpfulness": True,
        "presumption_text": CA_PRESUMPTION,
        "written_denial_required": True,
    },
    {
        "state": "CA",
        "form": "T",
        "law": "Cal. Penal Code 679.11 (AB 2027, 2016; as amended by AB 917, 2019)",
        "source": CA_SOURCES_AB917
        + "; AB 2027 (2016) as introduced: leginfo.ca.gov/pub/15-16/bill/asm/"
        "ab_2001-2050/ab_2027_bill_20160216_introduced.htm",
        "confirmed": False,
        "unconfirmed_notes": (
            "30 and 7 days come from the AB 917 press release (Secondary). "
            + CA_T_CITATION_NOTE
            + " Earlier T rule (90 days under AB 2027) not seeded."
        ),
        "effective_from": date(2020, 1, 1),
        "effective_to": date(2023, 12, 31),
        "days": 30,
        "removal_days": 7,
        "presumption_of_helpfulness": True,
        "presumption_text": CA_PRESUMPTION,
    },
    {
        "state": "CA",
        "form": "T",
        "law": "Cal. Penal Code 679.11 (AB 2027, 2016; AB 917, 2019; AB 1261, 2023)",
        "source": CA_SOURCES_AB1261
        + "; AB 2027 (2016) as introduced: leginfo.ca.gov/pub/15-16/bill/asm/"
        "ab_2001-2050/ab_2027_bill_20160216_introduced.htm",
        "confirmed": False,
        "unconfirmed_notes": (
            "30 and 7 days come from the AB 917 press release (Secondary); whether AB 1261 "
            "changed the timeline is unconfirmed. " + CA_T_CITATION_NOTE
        ),
        "effective_from": date(2024, 1, 1),
        "days": 30,
        "removal_days": 7,
        "presumption_of_helpfulness": True,
        "presumption_text": CA_PRESUMPTION,
        "written_denial_required": True,
    },
]

# Washington: the same rule for U and T.
for _form in ("U", "T"):
    RULES.append(
        {
            "state": "WA",
            "form": _form,
            "law": "RCW 7.98, Safety and Access for Immigrant Victims Act (2018)",
            "source": (
                "NIWAP summary: niwaplibrary.wcl.american.edu/pubs/wa-u-and-t-visa-"
                "certification-law; WA Commerce OCVA: commerce.wa.gov/serving-communities/"
                "office-of-crime-victims-advocacy/safety-and-access-for-immigrant-victims/"
            ),
            "confirmed": False,
            "unconfirmed_notes": (
                "Figures from a nonprofit summary and the state agency's page; RCW 7.98 text "
                "not read. Presumption of helpfulness and written-denial duty unconfirmed. "
                "Start date assumed: 7 June 2018, the general effective date "
                "of 2018 session laws; the reference gives only the year."
            ),
            "notes": (
                "Child victims: certify within the 90 days but no later than 14 days before the "
                "child turns 21. Yearly report to Commerce/OCVA by 15 Aug."
            ),
            "effective_from": date(2018, 6, 7),
            "days": 90,
            "removal_days": 14,
            "age_out_days_before": 14,
            "age_out_child_age": 21,
        }
    )

for _form in ("U", "T"):
    RULES.append(
        {
            "state": "IL",
            "form": _form,
            "law": "VOICES Act, 5 ILCS 825 (P.A. 100-1115; amended by P.A. 102-234, 102-401)",
            "source": (
                "North Suburban Legal Aid (90 business days): nslegalaid.org/immigration/"
                "6-14-2019-the-illinois-voices-act/; NIWAP summary: niwaplibrary.wcl."
                "american.edu/pubs/il-u-visa-cert-law/; 5 ILCS 825/11 (denials, appeals): "
                "ilga.gov/legislation/ilcs/documents/000508250K11.htm; 5 ILCS 825/5 "
                "(definition includes I-914B)"
            ),
            "confirmed": False,
            "unconfirmed_notes": (
                "5 ILCS 825/10 timelines not read: 90 business days per a legal-"
                "aid summary, while NIWAP writes 90 days. Whether the 21-day expedites count "
                "business or calendar days is unconfirmed; they are seeded as calendar days, "
                "the earlier reading. NIWAP mentions a 5-day deadline 'in some cases', which "
                "is not modelled. Presumption of helpfulness unconfirmed."
            ),
            "notes": (
                "Age-out: 21 days when the applicant or a child turns 21, or a sibling 18, "
                "inside the 90-day window. Denials: written notice with reasons and appeal "
                "contact; the agency answers an appeal within 30 business days (825/11)."
            ),
            "effective_from": date(2019, 1, 1),
            "days": 90,
            "day_kind": BUS,
            "removal_days": 21,
            "age_out_window_days": 21,
            "age_out_child_age": 21,
            "age_out_sibling_age": 18,
            "expedite_day_kind": CAL,
            "written_denial_required": True,
            "appeal_days": 30,
            "appeal_day_kind": BUS,
        }
    )

for _form in ("U", "T"):
    RULES.append(
        {
            "state": "MN",
            "form": _form,
            "law": "Minn. Stat. 611A.95",
            "source": (
                "Minn. Stat. 611A.95: instalawyer.io/laws/minnesota-statutes/section-611a95-"
                "certifications-for; lawserver.com/law/state/minnesota/mn-laws/"
                "minnesota_statutes_611a-95"
            ),
            "confirmed": True,
            "unconfirmed_notes": (
                "Start date not in the reference (left open). Presumption of helpfulness, "
                "designation and reporting duties, written-denial duty unconfirmed."
            ),
            "notes": (
                "The victim must ask for the 14-day expedite when making the request. No "
                "investigation, charges or conviction needed if an investigation was opened "
                "and the victim cooperated."
            ),
            "days": 90,
            "removal_days": 14,
            "expedite_must_be_requested": True,
        }
    )

RULES.append(
    {
        "state": "CO",
        "form": "U",
        "law": "C.R.S. 24-4.1-401 to -406 (HB21-1060)",
        "source": (
            "immigrationissues.com, 'New U Visa Bill Passes in Colorado' (Secondary): "
            "immigrationissues.com/new-u-visa-bill-passes-in-colorado/; C.R.S. "
            "24-4.1-403: colorado.public.law/statutes/crs_24-4.1-403; Colorado DCJ ORS: "
            "ors.colorado.gov/data-collection/u-visa"
        ),
        "confirmed": False,
        "unconfirmed_notes": (
            "90 and 30 days and the written-reasons duty come from a secondary source only; "
            "statute text for the timelines not read. Whether the law covers T is unconfirmed "
            "(the text speaks of U visas), so no T row: T falls back to the policy default."
        ),
        "effective_from": date(2021, 9, 1),
        "days": 90,
        "removal_days": 30,
        "presumption_of_helpfulness": True,
        "presumption_text": (
            "Helpful unless there is documentation that the victim refused or failed to help; "
            "a language barrier is not a refusal. Only victim status and helpfulness may be "
            "considered (24-4.1-403)."
        ),
        "written_denial_required": True,
    }
)

for _form in ("U", "T"):
    RULES.append(
        {
            "state": "MA",
            "form": _form,
            "law": "M.G.L. c. 258F §3 (St. 2021, c. 24, §65)",
            "source": (
                "M.G.L. c. 258F §3: instalawyer.io/laws/massachusetts-general-laws/"
                "section-3-certifying-entitys; Boston Bar Journal (2022): bostonbar.org/journal/"
                "new-statutory-due-process-rights-for-immigrant-victims-in-massachusetts/"
            ),
            "confirmed": True,
            "unconfirmed_notes": "Presumption of helpfulness unconfirmed; no expedite found.",
            "notes": (
                "Within 90 days the entity either answers, denies in writing 'without "
                "prejudice' with the reason, or explains in writing a delay due to extenuating "
                "circumstances with a projected timeframe. Yearly report to EOPSS by 1 Feb."
            ),
            "effective_from": date(2021, 7, 1),
            "days": 90,
            "written_denial_required": True,
        }
    )

for _form in ("U", "T"):
    RULES.append(
        {
            "state": "VA",
            "form": _form,
            "law": "Va. Code 9.1-1500 to -1503 (SB 1468, 2021 Sp. Sess. I ch. 468)",
            "source": (
                "Sen. Scott Surovell release on SB 1468 (Secondary): "
                "scottsurovell.org/2021/03/01/; Va. Acts 2021 Sp. Sess. I ch. 468: "
                "lis.virginia.gov/cgi-bin/legp604.exe?212+ful+CHAP0468+hil"
            ),
            "confirmed": False,
            "unconfirmed_notes": (
                "120 days from a legislator's press release; statute text not read. "
                "Presumption of helpfulness unconfirmed; no expedite found."
            ),
            "notes": (
                "Denials in writing. An expedited 30-day circuit-court review exists for "
                "disputes; it is a court process, not an agency appeal clock."
            ),
            "effective_from": date(2021, 7, 1),
            "days": 120,
            "written_denial_required": True,
        }
    )

RULES.append(
    {
        "state": "MD",
        "form": "U",
        "law": "Md. Crim. Proc. 11-930 to 11-932 (SB 608 / HB 579, 2025)",
        "source": (
            "NIWAP, Maryland U Visa Certification Law (Secondary): niwaplibrary.wcl."
            "american.edu/pubs/md-u-and-t-visa-certification/; Md. Crim. Proc. 11-931"
        ),
        "confirmed": False,
        "unconfirmed_notes": (
            "45 and 7 days from a nonprofit summary; the 2025 statute text was not read. "
            "Reporting duties unconfirmed. The law covers the U form only (I-918B), so T "
            "requests fall back to the policy default."
        ),
        "effective_from": date(2025, 10, 1),
        "days": 45,
        "removal_days": 7,
        "presumption_of_helpfulness": True,
        "presumption_text": (
            "Helpful if, since cooperation began, the victim has not unreasonably refused or "
            "failed to give information or help reasonably requested."
        ),
        "written_denial_required": True,
    }
)

for _form in ("U", "T"):
    RULES.append(
        {
            "state": "NE",
            "form": _form,
            "law": "Neb. Rev. Stat. 29-217",
            "source": (
                "NIWAP, Nebraska 29-217 summary: niwaplibrary.wcl.american.edu/pubs/"
                "neb-u-and-t-certification-law"
            ),
            "confirmed": False,
            "unconfirmed_notes": (
                "90 days from a nonprofit summary; statute text not read. Expedite rules, "
                "presumption of helpfulness and written-denial duty unconfirmed, so none is "
                "modelled."
            ),
            "effective_from": date(2020, 11, 14),
            "days": 90,
        }
    )

for _form in ("U", "T"):
    RULES.append(
        {
            "state": "",
            "form": _form,
            "is_policy": True,
            "law": "No state statute: the agency's own target (policy, not law)",
            "source": (
                "certify design notes (Clocks): states without a statute use the agency's own "
                "target, shown as policy. 60 days matches the Bergen County Prosecutor's "
                "internal target (bcpo.net/processing-u-and-t-visa-certifications/)."
            ),
            "confirmed": True,
            "unconfirmed_notes": "",
            "notes": (
                "A policy choice, not law: nothing here to confirm. An agency may set its own "
                "target, which replaces these 60 days."
            ),
            "days": 60,
        }
    )


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.create(**row)


def unseed(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.filter(
            state=row["state"], form=row["form"], effective_from=row.get("effective_from")
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
