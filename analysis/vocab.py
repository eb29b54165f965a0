"""Controlled vocabularies of the dataset, with the labels people see.

The CSVs store the codes; pages show the labels. `data/datapackage.json` lists the same codes as enum
constraints, and a test keeps the two in step.
"""

VERDICT_LABELS = {
    "supported": "Supported",
    "partly_supported": "Partly supported",
    "unsupported": "Unsupported",
    "incorrect": "Incorrect",
    "no_evidence_found": "No evidence found",
}

# What each verdict means, for the method section and the README shipped in the dataset ZIP.
VERDICT_DEFINITIONS = {
    "supported": "The sources consulted agree with the claim as the guide states it.",
    "partly_supported": (
        "Part of the claim holds up; another part goes further than the sources, or is not backed by them."
    ),
    "unsupported": "Sources that address the question exist, but none of them backs the claim.",
    "incorrect": "The sources contradict the claim: it is factually wrong.",
    "no_evidence_found": (
        "No source consulted documents what the claim describes. This is a finding about the evidence, "
        "not proof that the effect never happens."
    ),
}

EVIDENCE_TYPE_LABELS = {
    "guideline": "Guideline",
    "rct": "Randomised controlled trial",
    # Controlled human studies (crossover diets, paired test meals) that their reports do not call randomised.
    "controlled_human_study": "Controlled human study (not described as randomised)",
    "observational_human": "Observational human study",
    "case_report": "Case reports",
    "animal_in_vitro": "Animal or laboratory study",
    "mechanistic_only": "Mechanistic reasoning only",
    "none_found": "None found",
}

# The source kind of the audited guide itself: exactly one source has it, and every claim comes from it.
GUIDE_KIND = "marketing"
SOURCE_KIND_LABELS = {
    "regulatory_value": "Regulatory or authoritative value",
    "reference_work": "Reference work",
    "guideline": "Clinical guideline",
    "review": "Review",
    "rct": "Randomised controlled trial",
    "controlled_human_study": "Controlled human study (not described as randomised)",
    "observational": "Observational study",
    "animal_in_vitro": "Animal or laboratory study",
    "marketing": "Marketing (the audited guide)",
}

VERIFICATION_LABELS = {
    "primary": "Primary (read in the issuing body's own document or record)",
    "secondary": "Secondary (read only in a reproduction or summary)",
    "unverified": "Unverified (no citable page gave this value)",
}

GUIDE_SECTIONS = (
    "Introduction",
    "Biological mechanism",
    "Specific side effects or risks",
    "Conclusion",
)

ROUTE_LABELS = {
    "oral_total": "Oral, total (food, water and supplements)",
    # A value set for manganese in food only (EPA's oral reference dose), which does not cover water or supplements.
    "oral_diet": "Oral, in the diet (food only)",
    "drinking_water": "Drinking water",
    "inhalation": "Inhalation (workplace air)",
    "blood": "Blood (biomarker, not a dose)",
}

AUTHORITY_LABELS = {
    "IOM": "US Institute of Medicine (Food and Nutrition Board)",
    "EFSA": "European Food Safety Authority",
    "WHO": "World Health Organization",
    "US_EPA": "US Environmental Protection Agency",
    "HEALTH_CANADA": "Health Canada",
    "MINNESOTA_DOH": "Minnesota Department of Health",
    "OSHA": "US Occupational Safety and Health Administration",
    "NIOSH": "US National Institute for Occupational Safety and Health",
    "ACGIH": "American Conference of Governmental Industrial Hygienists",
    "NIH_ODS": "NIH Office of Dietary Supplements",
    "MAYO_CLINIC_LABS": "Mayo Clinic Laboratories",
    "US_FDA": "US Food and Drug Administration",
    "NHANES": "US National Health and Nutrition Examination Survey (NHANES), 2011–2012 data",
}

# Short names for chart labels, where the full name does not fit.
AUTHORITY_SHORT = {
    "US_EPA": "US EPA",
    "HEALTH_CANADA": "Health Canada",
    "MINNESOTA_DOH": "Minnesota DOH",
    "NIH_ODS": "NIH ODS",
    "MAYO_CLINIC_LABS": "Mayo Clinic Labs",
    "US_FDA": "US FDA",
}

METRIC_LABELS = {
    "AI": "Adequate Intake",
    "UL": "Tolerable Upper Intake Level (UL)",
    "safe_level": "Safe level of intake (not a UL)",
    "water_guideline_provisional": "Provisional drinking-water guideline",
    "water_health_based_value_former": "Former health-based drinking-water value",
    "health_advisory_lifetime": "Lifetime health advisory",
    "health_advisory_infant": "Health advisory for infants",
    "health_advisory_short_term": "One-day and ten-day health advisory",
    "secondary_mcl": "Secondary maximum contaminant level (taste and colour)",
    "maximum_acceptable_concentration": "Maximum acceptable concentration",
    "aesthetic_objective": "Aesthetic objective",
    "health_based_guidance": "Health-based guidance value",
    "pel_ceiling": "Permissible exposure limit (ceiling)",
    "rel_twa": "Recommended exposure limit (time-weighted average)",
    "rel_stel": "Recommended short-term exposure limit",
    "tlv_twa_respirable": "Threshold limit value, respirable fraction",
    "tlv_twa_inhalable": "Threshold limit value, inhalable fraction",
    "reference_range_lower": "Reference range, lower end",
    "reference_range_upper": "Reference range, upper end",
    "safe_level_range_low": "Lowest safe level for children and adolescents",
    "safe_level_range_high": "Highest safe level for children and adolescents",
    "median_intake": "Median intake (typical diet)",
    "mean_intake": "Mean intake (typical diet)",
    "ai_range_low": "Adequate Intake range, lower end",
    "ai_range_high": "Adequate Intake range, upper end",
    "daily_value": "Daily Value (the 100 % on US food and supplement labels)",
    "oral_reference_dose": "Oral reference dose (RfD)",
    "inhalation_reference_concentration": "Inhalation reference concentration (RfC), general population",
    "bottled_water_standard": "Bottled-water quality standard",
    "population_mean": "Population mean",
    # Computed in this dataset from a rule the source states, not a figure the source gives: the label says so.
    "derived_level_of_concern": "Level of concern, derived here (twice the upper reference limit)",
}

# Whether a reference value row states a number. A row that does not is still a row, so no population is left
# without its upper value silently: the authority judged the value not determinable (IOM, infants), or this dataset
# could not confirm whether the authority set one (the note says why). Only "stated" rows have a value.
VALUE_STATUS_LABELS = {
    "stated": "Stated (the value column holds the number)",
    "not_determinable": "Not determinable (the authority judged that no value could be set)",
    "not_confirmed": "Not confirmed (whether the authority set a value could not be confirmed)",
}
# Short words for a row without a number, where its amount would be shown.
VALUE_STATUS_WORDS = {"not_determinable": "not determinable", "not_confirmed": "not confirmed"}


def amount_text(row) -> str:
    """A reference value row's amount as shown: '11 mg/day', or what its status says when it states no number."""
    status = row.get("value_status", "stated")
    if status != "stated":
        return VALUE_STATUS_WORDS.get(status, status)
    return f"{row['value']:g} {row['unit']}"


UNITS = ("mg/day", "mg/L", "µg/L", "mg/m³", "µg/m³", "mg/kg-day")
# A person's sex and life stage as the dose page asks for them; the data adds "any" for values set for both sexes.
SEX_LABELS = {"female": "Female", "male": "Male"}
LIFE_STAGE_LABELS = {"none": "Not pregnant or lactating", "pregnant": "Pregnant", "lactating": "Lactating"}
SEXES = ("any", *SEX_LABELS)
LIFE_STAGES = tuple(LIFE_STAGE_LABELS)
# Whose reference values the dose page compares with.
AUTHORITY_CHOICES = {"IOM": "US (IOM)", "EFSA": "EU (EFSA)", "both": "Both, side by side"}

INTAKE_CATEGORY_LABELS = {
    "below_ai": "Below the Adequate Intake",
    "within_range": "From the Adequate Intake up to the upper value",
    "above_upper": "Above the upper value",
    "above_ai_no_upper": "At or above the Adequate Intake, no upper value set",
    "no_reference": "No reference value for this population",
}

RISK_LEVEL_LABELS = {
    "no_known_risk": "No known risk (studied, nothing found)",
    "not_studied": "Not studied (no source looked at this)",
    "possible": "Possible (plausible, dose-response not established)",
    "likely": "Likely (established adverse effect)",
    "no_evidence_found": "No evidence found (claimed, not documented)",
    "claim_incorrect": "The guide's mechanism is incorrect",
    "not_characterised": "Not characterised (above a safe level that is not a threshold of harm)",
}

# The levels from most to least cautious, for a reader whose manganese comes in several forms (a supplement and
# drinking water): each form's level is looked up and the most cautious one is shown (analysis.risk_levels).
# An adverse effect established or plausible comes first; then "not characterised" (above a safe level, the risk is
# unknown); then "not studied" (nobody looked, so nothing is ruled out); then "no evidence found" (a claim the sources
# do not document); then "no known risk" (studied, nothing found); last "claim incorrect" (the mechanism is wrong).
RISK_LEVEL_CAUTION = (
    "likely", "possible", "not_characterised", "not_studied", "no_evidence_found", "no_known_risk", "claim_incorrect",
)  # fmt: skip

# Whom a risk level (risk_by_intake.csv) applies to, besides the intake category; "any" matches every value, and
# the most specific row wins (see analysis.risk_levels).
RISK_AUTHORITIES = {"any": "Either authority", "IOM": "IOM (US)", "EFSA": "EFSA (EU)"}
MANGANESE_FROM_LABELS = {
    "any": "Any source",
    "food": "Food only",
    "supplement": "With a supplement",
    "water": "With manganese in drinking water",
}
AGE_GROUP_LABELS = {
    "any": "Any age",
    "infants": "Infants (under 1 year)",
    "children": "Children and adolescents (1 to 17 years)",
    "adults": "Adults (18 years and over)",
}


IRON_CONTEXT_TOPICS = {
    "rls_iron_threshold": "Iron threshold in RLS guidelines",
    "manganese_absorption": "Manganese absorption and iron status",
}
IRON_MARKERS = {
    "serum_ferritin": "Serum ferritin",
    "transferrin_saturation": "Transferrin saturation",
    "manganese_absorption": "Manganese absorbed from a test dose",
}
COMPARISONS = {"at_or_below": "≤", "below": "<", "up_to": "up to", "mean": "mean"}
IRON_CONTEXT_UNITS = ("ng/mL", "%")


# The evidence profile (claim_sources.csv): the design of each source a claim rests on, in the order the bars
# stack, from the designs that weigh most for a clinical question to those that weigh least.
DESIGN_LABELS = {
    "guideline": "Clinical guideline",
    "systematic_review": "Systematic review",
    "randomised_trial": "Randomised trial",
    "controlled_human_study": "Controlled human study (not described as randomised)",
    "observational_human": "Observational human study",
    "case_report": "Case reports or case series",
    "expert_assessment": "Regulatory or expert assessment",
    "narrative_review": "Narrative review",
    "animal_or_laboratory": "Animal or laboratory study",
    "reference_work": "Reference work or database entry",
    "mechanistic_reasoning": "Mechanistic reasoning",
}
# Whose data the finding rests on; "none" for a reference entry, a table of values or reasoning.
SUBJECT_LABELS = {
    "human": "Humans",
    "animal": "Animals",
    "human_and_animal": "Humans and animals",
    "none": "No subjects (reference entry or reasoning)",
}

# What a supplement statement (supplement_statements.csv) is about.
SUPPLEMENT_SCOPE_LABELS = {
    "supplements": "Manganese from supplements",
    "water_and_supplements": "Manganese from drinking water and supplements",
    "total_intake": "Total intake (food, water and supplements)",
}

# The iron work-up as the RLS guidelines state it (iron_workup.csv).
WORKUP_STEP_LABELS = {
    "what_to_test": "What is tested",
    "sample_timing": "When the sample is taken",
    "interpretation": "How the result is read",
    "threshold": "Iron thresholds",
}
IRON_ROUTE_LABELS = {
    "oral_or_intravenous": "By mouth or into a vein",
    "oral": "By mouth",
    "intravenous": "Into a vein (intravenous)",
}


def label(mapping: dict[str, str], code: str) -> str:
    """The label for a code, or the code itself when the vocabulary has no label for it."""
    return mapping.get(code, code)


# The mechanism diagram (mechanism_nodes.csv, mechanism_edges.csv).
NODE_KIND_LABELS = {
    "nutrient": "Nutrient",
    "exposure": "Exposure",
    "transporter": "Transporter",
    "enzyme": "Enzyme",
    "metabolite": "Metabolite",
    "neurotransmitter": "Neurotransmitter",
    "brain_region": "Brain region",
    "condition": "Condition",
    "symptom": "Symptom",
}

# How an edge reads: "<from> <relation label> <to>", e.g. "Iron is a cofactor of Tyrosine hydroxylase".
RELATION_LABELS = {
    "cofactor_of": "is a cofactor of",
    "makes_precursor_of": "makes the precursor of",
    "transported_by": "is carried by",
    "competes_with": "competes for absorption with",
    "increases": "increases",
    "increases_uptake_of": "raises the uptake of",
    "decreases": "decreases",
    "disturbs": "disturbs",
    "accumulates_in": "builds up in",
    "causes": "causes",
    "contributes_to": "contributes to",
    "involved_in": "is involved in",
    "worsens": "worsens",
    "overlaps_with": "overlaps with",
}

ORIGIN_LABELS = {
    "guide_claim": "The guide's claim",
    "established_evidence": "Established evidence the guide leaves out",
}


# Terms and abbreviations, in plain words, for the glossary on the Sources page (every page links to it).
GLOSSARY = {
    "RLS (Restless Legs Syndrome)": (
        "A sleep-related movement disorder: an urge to move the legs, usually with unpleasant sensations, that "
        "starts or worsens at rest and in the evening and is relieved by movement."
    ),
    "AI (Adequate Intake)": (
        "A daily intake assumed to be enough for nearly everyone in a population group, set when the data are "
        "too thin for an average requirement. Eating less than the AI does not by itself mean a deficiency."
    ),
    "UL (Tolerable Upper Intake Level)": (
        "The highest usual daily intake from all sources that is unlikely to harm almost anyone in the group. "
        "The US Institute of Medicine set one for manganese; it is not a recommended amount."
    ),
    "Safe level of intake (EFSA)": (
        "EFSA's 2023 figure for adults: an intake it does not expect to cause harm, based on what people usually "
        "eat, because no dose-response could be established. EFSA says it is not a UL."
    ),
    "Upper value": "On this dashboard: the IOM UL or, for EFSA, the safe level of intake, whichever applies.",
    "IOM": (
        "US Institute of Medicine (now the National Academy of Medicine); its Food and Nutrition Board set the "
        "US Dietary Reference Intakes for manganese in 2001."
    ),
    "EFSA": "European Food Safety Authority, which sets dietary reference values for the European Union.",
    "AASM": "American Academy of Sleep Medicine, author of a 2024 clinical practice guideline on RLS.",
    "IRLSSG": "International Restless Legs Syndrome Study Group, author of a 2018 guideline on iron treatment in RLS.",
    "Ferritin (serum ferritin)": (
        "A blood test that reflects the body's iron stores. Inflammation can raise it, so a normal value does not "
        "always mean normal stores."
    ),
    "Transferrin saturation": "The share of the blood's iron-carrying protein, transferrin, that carries iron.",
    "mg/day, µg/L, mg/m³, ng/mL": (
        "Milligrams a day (intake); micrograms per litre (water); milligrams per cubic metre (air); nanograms per "
        "millilitre (blood ferritin). 1 mg = 1,000 µg."
    ),
    "Elemental manganese": (
        "The manganese itself, as opposed to the weight of the salt it comes in (for example manganese sulfate); "
        "reference values are in elemental manganese."
    ),
    "Verdict": "How well the sources back one of the guide's claims; the Method section defines each verdict.",
    "Verification": (
        "How a value or source was confirmed: primary (read in the issuer's own document), secondary (read only "
        "in a reproduction or summary) or unverified."
    ),
    "DOI, PMID": "Digital Object Identifier and PubMed ID: permanent identifiers of a publication.",
}
