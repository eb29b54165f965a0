"""Elemental manganese in a weighed manganese salt, from molar masses computed here.

Only compounds whose formula is known are offered. A label that just says "manganese gluconate",
"citrate" or "bisglycinate" does not tell the exact formula, so its weight cannot be converted. A label
that says "manganese sulfate" or "manganese chloride" without the hydrate leaves two forms with very
different manganese shares; the converter then gives the result for both."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Salt:
    name: str
    formula: str
    composition: dict[str, int]  # element symbol -> atoms per formula unit


SALTS: dict[str, Salt] = {
    "manganese_sulfate_monohydrate": Salt(
        "Manganese(II) sulfate monohydrate", "MnSO₄·H₂O", {"Mn": 1, "S": 1, "O": 5, "H": 2}
    ),
    "manganese_sulfate_anhydrous": Salt("Manganese(II) sulfate, anhydrous", "MnSO₄", {"Mn": 1, "S": 1, "O": 4}),
    "manganese_chloride_tetrahydrate": Salt(
        "Manganese(II) chloride tetrahydrate", "MnCl₂·4H₂O", {"Mn": 1, "Cl": 2, "O": 4, "H": 8}
    ),
    "manganese_chloride_anhydrous": Salt("Manganese(II) chloride, anhydrous", "MnCl₂", {"Mn": 1, "Cl": 2}),
    "manganese_carbonate": Salt("Manganese(II) carbonate", "MnCO₃", {"Mn": 1, "C": 1, "O": 3}),
}
MAX_SALT_MG = 10_000

# What a label may say -> the salts it can mean. A name without the hydrate maps to every form it may be.
LABEL_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "manganese_sulfate": ("Manganese sulfate (label does not say which form)",
                          ("manganese_sulfate_monohydrate", "manganese_sulfate_anhydrous")),
    "manganese_chloride": ("Manganese chloride (label does not say which form)",
                           ("manganese_chloride_tetrahydrate", "manganese_chloride_anhydrous")),
    **{salt_id: (f"{salt.name} ({salt.formula})", (salt_id,)) for salt_id, salt in SALTS.items()},
}  # fmt: skip
FORM_WORDS = {
    "manganese_sulfate_monohydrate": "the monohydrate",
    "manganese_sulfate_anhydrous": "anhydrous",
    "manganese_chloride_tetrahydrate": "the tetrahydrate",
    "manganese_chloride_anhydrous": "anhydrous",
}
CONVERTER_CAPTION = (
    "Labels often say just “manganese sulfate” or “manganese chloride” without saying whether the salt is "
    "hydrated, and the forms differ a lot in manganese content: choose the plain name to see both results. "
    "Labels that say just “manganese gluconate”, “citrate” or “bisglycinate” do not state the exact formula, so "
    "their weight cannot be converted reliably."
)


def molar_mass(composition: dict[str, int], atomic_weights: pd.DataFrame) -> float:
    """Sum of atomic weights (g/mol) over the formula unit."""
    weights = dict(zip(atomic_weights["symbol"], atomic_weights["atomic_weight"], strict=True))
    missing = sorted(set(composition) - set(weights))
    if missing:
        raise ValueError(f"No atomic weight in the data for {', '.join(missing)}.")
    return sum(weights[symbol] * count for symbol, count in composition.items())


def manganese_fraction(salt_id: str, atomic_weights: pd.DataFrame) -> float:
    """Mass fraction of manganese in the salt (0 to 1)."""
    salt = _salt(salt_id)
    weights = dict(zip(atomic_weights["symbol"], atomic_weights["atomic_weight"], strict=True))
    return salt.composition["Mn"] * weights["Mn"] / molar_mass(salt.composition, atomic_weights)


def elemental_manganese_mg(salt_id: str, salt_mg: float, atomic_weights: pd.DataFrame) -> float:
    """mg of manganese in `salt_mg` mg of the salt."""
    if salt_mg is None or not 0 <= salt_mg <= MAX_SALT_MG:
        raise ValueError(f"The salt weight must be between 0 and {MAX_SALT_MG:,} mg.")
    return salt_mg * manganese_fraction(salt_id, atomic_weights)


def salt_conversions(label_name: str, salt_mg: float, atomic_weights: pd.DataFrame) -> pd.DataFrame:
    """Manganese in `salt_mg` mg for every form a label name may mean: one row per form (two when the label does
    not name the hydrate), with the formula, the manganese share and the mg of manganese."""
    if label_name not in LABEL_NAMES:
        raise ValueError(f"Unknown salt {label_name!r}; choose one of {', '.join(LABEL_NAMES)}.")
    rows = []
    for salt_id in LABEL_NAMES[label_name][1]:
        rows.append(
            {
                "salt_id": salt_id,
                "name": SALTS[salt_id].name,
                "formula": SALTS[salt_id].formula,
                "fraction": manganese_fraction(salt_id, atomic_weights),
                "manganese_mg": elemental_manganese_mg(salt_id, salt_mg, atomic_weights),
            }
        )
    return pd.DataFrame(rows)


def conversion_sentence(label_name: str, salt_mg: float, conversions: pd.DataFrame) -> str:
    """The converter's answer in words (Markdown bold on the amounts); both results when the form is not named."""
    if len(conversions) == 1:
        row = conversions.iloc[0]
        return (
            f"{salt_mg:g} mg of {row['formula']} holds **{row['manganese_mg']:.2f} mg** of manganese "
            f"({row['fraction']:.1%} by mass, from the atomic weights in the data). Enter that under Supplements."
        )
    forms = " or ".join(
        f"**{row['manganese_mg']:.2f} mg** if it is {FORM_WORDS[row['salt_id']]} "
        f"({row['formula']}, {row['fraction']:.1%} manganese)"
        for _, row in conversions.iterrows()
    )
    name = LABEL_NAMES[label_name][0].split(" (")[0].lower()
    return (
        f"The label does not say which form of {name} it is. {salt_mg:g} mg holds {forms}. "
        "Enter the amount for the form the maker confirms; the higher figure is the most manganese this weight "
        "can hold."
    )


def _salt(salt_id: str) -> Salt:
    if salt_id not in SALTS:
        raise ValueError(f"Unknown salt {salt_id!r}; choose one of {', '.join(SALTS)}.")
    return SALTS[salt_id]
