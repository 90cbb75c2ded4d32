"""The login throttle as a pure rule: the (account, address) pair and the address, never the account alone."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from server.accounts.rules import ADDRESS_FAILURES_FACTOR, address_key, login_wait

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)


def ago(*seconds):
    return [NOW - timedelta(seconds=s) for s in seconds]


def test_the_pair_waits_after_max_failures():
    fails = [("adb01", t) for t in ago(10, 20, 30, 40)]
    assert login_wait(fails, "adb01", NOW, 5, 600) == 0
    fails.append(("adb01", NOW - timedelta(seconds=50)))
    assert login_wait(fails, "adb01", NOW, 5, 600) == 550
    assert login_wait(fails, "adb02", NOW, 5, 600) == 0  # another account from the same address: not yet


def test_the_address_waits_after_many_failures_whatever_the_names():
    assert ADDRESS_FAILURES_FACTOR == 10
    fails = [(f"ai-do-{i}", t) for i, t in enumerate(ago(*range(1, 50)))]
    assert login_wait(fails, "adb01", NOW, 5, 600) == 0
    fails.append(("ai-do-x", NOW - timedelta(seconds=100)))
    assert login_wait(fails, "adb01", NOW, 5, 600) == 500  # until the oldest of the last 50 leaves the window


def test_old_failures_do_not_count():
    fails = [("adb01", t) for t in ago(*range(601, 700))]
    assert login_wait(fails, "adb01", NOW, 5, 600) == 0


def test_address_key():
    assert address_key("203.0.113.66") == "203.0.113.66"
    assert address_key("::ffff:203.0.113.66") == "203.0.113.66"  # IPv4 seen through an IPv6 socket
    # one IPv6 subscriber holds a /64 and could take a fresh address for every guess
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("") == "" and address_key("unix-socket") == "unix-socket"
    assert len(address_key("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")) <= 64
