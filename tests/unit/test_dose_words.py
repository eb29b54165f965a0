"""Words agree with numbers (issue 23, point 8): over a grid of ages, sexes, life stages, authorities and
intakes, every answer sentence of the dose page is checked against the numbers it shows, and the age shown in
the age input (one decimal) is the age the answer is for."""

import re

import pytest

from analysis.dose import DoseInputs, efsa_child_range, intake_sentence
from analysis.intake import population_values

AGES = [0, 0.3, 0.5, 0.96, 1, 3.96, 4, 8.94, 8.96, 9, 13.96, 14, 16, 17.96, 18, 18.94, 18.96, 19, 30, 30.96, 31,
        50.96, 51, 80, 120]  # fmt: skip
SEXES = ["female", "male"]
STAGES = ["none", "pregnant", "lactating"]
AUTHORITIES = ["IOM", "EFSA"]
FIXED_INTAKES = [0, 0.001, 0.5, 1, 1.8 + 9.21, 2.17, 2.2, 11.01, 50, 1000]
NEAR = [-0.051, -0.049, -0.04, -0.01, -0.001, 0, 0.001, 0.01, 0.04, 0.049, 0.051]
AMOUNT = r"([0-9][0-9,]*(?:\.[0-9]+)?)"


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _populations():
    for age in AGES:
        for sex in SEXES:
            for stage in STAGES:
                for authority in AUTHORITIES:
                    inputs, _problems = DoseInputs.parse(
                        {"age": age, "sex": sex, "stage": stage, "authority": authority}
                    )
                    if inputs is not None:
                        yield age, inputs


def _check(sentence: str) -> None:
    """The comparison words of one sentence hold for the numbers as shown in it."""
    range_words = re.search(rf"{AMOUNT} to {AMOUNT} mg/day.*so {AMOUNT} mg/day is (\w+ (?:that|all of))", sentence)
    if range_words:
        low, high, total = (_number(g) for g in range_words.groups()[:3])
        where = range_words.group(4)
        expected = "above" if total > high else "below" if total < low else "within"
        assert where.startswith(expected), sentence
        return
    found = re.match(rf"A total of {AMOUNT} mg/day is (below|between|above|at or above) ", sentence)
    if found is None:
        assert sentence.startswith("This dataset has no"), sentence
        return
    total, words = _number(found.group(1)), found.group(2)
    values = [_number(v) for v in re.findall(rf"of {AMOUNT} mg/day", sentence[found.end() :])]
    if words == "below":
        assert total < values[0], sentence
    elif words == "between":
        assert values[0] <= total <= values[1], sentence
    elif words == "above":
        assert total > values[0], sentence
    else:
        assert total >= values[0], sentence


@pytest.fixture(scope="module")
def answers(dataset):
    sentences = []
    for age, inputs in _populations():
        values = population_values(dataset, inputs.age, inputs.sex, inputs.stage, inputs.authority)
        child_range = efsa_child_range(dataset.reference_values, inputs.age)
        anchors = [v for v in (values.ai_mg, values.upper_mg) if v is not None]
        anchors += [float(row["value"]) for row in child_range] if child_range else []
        intakes = FIXED_INTAKES + [max(0.0, a + d) for a in anchors for d in NEAR]
        for intake in intakes:
            result = values.with_intake(intake)
            sentences.append((age, inputs, result, intake_sentence(result, child_range)))
    return sentences


def test_grid_is_large_and_reaches_every_kind_of_answer(answers):
    assert len(answers) > 3000
    categories = {result.category for _, _, result, _ in answers}
    assert {"below_ai", "within_range", "above_upper", "above_ai_no_upper", "no_reference"} <= categories


def test_every_sentence_agrees_with_its_own_numbers(answers):
    for _, _, _, sentence in answers:
        _check(sentence)


def test_the_age_shown_is_the_age_the_answer_is_for(answers):
    for age, inputs, result, _ in answers:
        shown = f"{inputs.age:.1f}"  # pages/dose.py shows the age input as "%.1f"
        assert float(shown) == inputs.age, (age, inputs.age)
        if result.band is not None:
            low, high = result.band
            assert low <= float(shown) and (high is None or float(shown) < high), (age, shown, result.band)


@pytest.mark.parametrize(
    ("query", "total", "words"),
    [
        ({"age": 16, "sex": "male"}, 2.17, "A total of 2.17 mg/day is below"),
        ({"supp": 9.21}, 1.8 + 9.21, "A total of 11.01 mg/day is above"),
        ({"age": 18.96, "sex": "male"}, 2.2, "for men aged 19+ y"),
    ],
)
def test_the_reported_cases(dataset, query, total, words):
    inputs, _ = DoseInputs.parse(query)
    result = population_values(dataset, inputs.age, inputs.sex, inputs.stage, inputs.authority).with_intake(total)
    assert words in intake_sentence(result, efsa_child_range(dataset.reference_values, inputs.age))


@pytest.mark.parametrize("offset", [-1e-7, 0, 1e-7])
def test_supplement_and_ferritin_sentences_show_enough_digits(dataset, offset):
    from analysis.dose import FERRITIN_ITEMS, ferritin_sentence
    from analysis.supplements import assessed_doses, supplement_sentence

    for dose in assessed_doses(dataset.supplement_statements):
        sentence = supplement_sentence(dose + offset, dataset.supplement_statements, dataset.sources)
        shown = float(re.search(rf"entered, {AMOUNT} mg/day", sentence).group(1))
        assert ("below the smallest" in sentence) == (shown < min(assessed_doses(dataset.supplement_statements)))
        assert (shown >= dose) == (dose + offset >= dose), sentence
    items = dataset.iron_context.set_index("item_id")
    for item in FERRITIN_ITEMS.values():
        threshold = float(items.loc[item, "value"])
        sentence = ferritin_sentence(threshold + offset, dataset.iron_context)
        shown = float(re.search(rf"A ferritin of \*\*{AMOUNT} ng/mL", sentence).group(1))
        assert (shown > threshold) == (offset > 0) and (shown < threshold) == (offset < 0), sentence
