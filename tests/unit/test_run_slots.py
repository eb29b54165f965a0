"""The per-address bound on runs going at once (ui/run_slots.py): counting, waiting, and no leftover entries."""

import threading

from ui import run_slots


def test_a_client_gets_its_slots_then_waits_and_other_clients_do_not():
    taken = [run_slots.acquire("192.0.2.1", timeout_s=1) for _ in range(run_slots.SLOTS_PER_CLIENT)]
    assert taken == [True] * run_slots.SLOTS_PER_CLIENT
    assert run_slots.acquire("192.0.2.1", timeout_s=0.05) is False  # all of its slots in use
    assert run_slots.acquire("192.0.2.2", timeout_s=0) is True  # another address is not held up
    run_slots.release("192.0.2.2")
    for _ in taken:
        run_slots.release("192.0.2.1")
    assert run_slots.running("192.0.2.1") == run_slots.running("192.0.2.2") == 0
    assert "192.0.2.1" not in run_slots._running  # no entry kept per address ever seen


def test_a_waiting_run_starts_when_a_slot_is_given_back():
    for _ in range(run_slots.SLOTS_PER_CLIENT):
        assert run_slots.acquire("192.0.2.3", timeout_s=1)
    got: list[bool] = []
    waiter = threading.Thread(target=lambda: got.append(run_slots.acquire("192.0.2.3", timeout_s=30)))
    waiter.start()
    run_slots.release("192.0.2.3")
    waiter.join(timeout=30)
    assert got == [True]
    for _ in range(run_slots.SLOTS_PER_CLIENT):
        run_slots.release("192.0.2.3")
    assert run_slots.running("192.0.2.3") == 0


def test_the_forwarded_address_counts_only_from_a_proxy_on_this_host():
    address_of = run_slots.address_of
    assert address_of("127.0.0.1", ["203.0.113.9"]) == "203.0.113.9"  # nginx from the template
    assert address_of("127.0.0.1", ["10.0.0.1, 203.0.113.9"]) == "203.0.113.9"  # the entry nginx added is last
    assert address_of("198.51.100.7", ["203.0.113.9"]) == "198.51.100.7"  # a direct client cannot pick its address
    assert address_of("198.51.100.7", []) == "198.51.100.7"
    assert address_of("", ["203.0.113.9"]) == ""
