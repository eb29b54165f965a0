"""Elemental manganese in a weighed manganese salt, from molar masses computed here.

Only compounds whose formula (hydration included) is fixed by their name are offered: a label that
just says "manganese gluconate" or "manganese citrate" does not tell the hydrate or exact formula, so
its weight cannot be converted reliably."""

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


def _salt(salt_id: str) -> Salt:
    if salt_id not in SALTS:
        raise ValueError(f"Unknown salt {salt_id!r}; choose one of {', '.join(SALTS)}.")
    return SALTS[salt_id]
