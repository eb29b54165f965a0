"""The load client's sessions come from addresses of their own, as real visitors do (nginx caps WebSockets
per address at 32, the app runs at most two pages at once per address)."""

from bench.load import client_address


def test_forty_sessions_on_loopback_come_from_forty_addresses():
    addresses = {client_address("http://127.0.0.1:8080", index) for index in range(40)}
    assert len(addresses) == 40
    assert all(address.startswith("127.0.0.") and address != "127.0.0.1" for address in addresses)


def test_a_remote_target_is_reached_from_the_default_address():
    assert client_address("http://dashboard.example.org", 3) is None
