"""Unknown or miscased parameter names in a link (issue 23, point 9) are reported like bad values, on every page,
with a hint when only the case differs; the names a page reads are never reported."""

import pytest

from tests.app.conftest import open_page


def _link_notices(at) -> list[str]:
    return [w.value for w in at.warning if "parameter name(s) this page does not use" in w.value]


def _codes(at) -> str:
    return "\n".join(c.value for c in at.code)


@pytest.mark.parametrize(
    ("page", "query", "shown"),
    [
        ("pages/dose.py", {"Age": "16"}, "'Age': not a parameter of this page; did you mean 'age'?"),
        ("pages/dose.py", {"age": "16", "colour": "red"}, "'colour': not a parameter of this page"),
        ("pages/risks.py", {"Risk": "neurotoxicity"}, "'Risk': not a parameter of this page; did you mean 'risk'?"),
        ("pages/evidence.py", {"Q": "iron"}, "'Q': not a parameter of this page; did you mean 'q'?"),
        ("pages/mechanism.py", {"VIEW": "table"}, "'VIEW': not a parameter of this page; did you mean 'view'?"),
        ("pages/sources.py", {"risk": "neurotoxicity"}, "'risk': not a parameter of this page"),
    ],
)
def test_unknown_parameter_name_is_reported(page, query, shown):
    at = open_page(page, query)
    assert len(_link_notices(at)) == 1
    assert shown in _codes(at)


def test_the_miscased_value_is_not_used(dataset):
    at = open_page("pages/dose.py", {"Age": "16"})
    assert at.number_input(key="dose.age").value == 30.0  # the default, as for a bad value


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("pages/dose.py", {"age": "16", "sex": "male", "ferritin": "40", "supp": "1", "authority": "both"}),
        ("pages/risks.py", {"risk": "neurotoxicity", "q": "iron"}),
        ("pages/mechanism.py", {"view": "table"}),
    ],
)
def test_known_parameter_names_are_not_reported(page, query):
    assert not _link_notices(open_page(page, query))
