"""Widget values forged over the WebSocket (no browser): unknown options and wrong types end in a valid
page or Streamlit's redacted error for that session only; other sessions carry on."""

import pytest

from bench.wsclient import Session

pytestmark = pytest.mark.e2e


@pytest.fixture
def sessions(app_url):
    opened = [Session(app_url, timeout_s=60), Session(app_url, timeout_s=60)]
    yield opened
    for session in opened:
        session.close()


@pytest.mark.parametrize(
    ("label", "forged"),
    [
        ("Risk type", ["Neurotoxicity", "<script>alert(1)</script>", "Hair loss"]),
        ("Verdict", ["Very true"]),
    ],
)
def test_unknown_options_hurt_only_the_forging_session(sessions, label, forged):
    """Streamlit 1.67 answers an unknown multiselect option with its redacted error (showErrorDetails is
    "none"), for the forging session only; the others, and the forger's next honest run, are fine."""
    forger, bystander = sessions
    assert forger.run(page_name="").ok and bystander.run(page_name="").ok
    result = forger.run(changes={label: forged})
    assert result.ok or result.exceptions == 1
    for message in result.exception_messages:
        assert "redacted" in message and "TypeError" not in message and "/work" not in message
    after = bystander.run(changes={"Risk type": ["Iron interaction"]})
    assert after.ok and after.elements["download_button"] >= 1  # the page still draws (its grid waits in an expander)
    assert forger.run(page_name="").ok


def test_out_of_range_numbers_get_a_message_not_a_crash(sessions):
    forger, _ = sessions
    assert forger.run(page_name="dose").ok
    honest = forger.run(changes={"Supplements (mg/day)": 3.0})
    assert honest.ok
    for label, value in (("Age (years)", 1e9), ("Supplements (mg/day)", -5), ("Water drunk (L/day)", float("nan"))):
        result = forger.run(changes={label: value})
        assert result.ok, label
        # Every chart section is still drawn (its chart and data table wait in an expander), for the last valid
        # inputs, as after an honest change.
        assert result.elements["expandable"] == honest.elements["expandable"] >= 5, label
    assert forger.run(changes={"Sex": "Atlantis"}).ok


def test_wrong_type_hurts_only_the_forging_session(sessions):
    forger, bystander = sessions
    assert forger.run(page_name="").ok
    assert bystander.run(page_name="").ok
    risk_type = forger.widgets["Risk type"]
    forger.state[risk_type.id] = ("number_input", 99)  # a number where a list of options belongs
    forged = forger.run()
    assert forged.ok or forged.exceptions == 1  # a valid page, or the redacted error for this session
    assert all("redacted" in message for message in forged.exception_messages)
    after = bystander.run(changes={"Risk type": ["iron_interaction"]})
    assert after.ok and after.elements["download_button"] >= 1  # the page still draws (its grid waits in an expander)
    assert forger.run(page_name="").ok  # the forging session itself recovers on the next run
