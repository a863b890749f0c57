"""The session's network guard (tests/conftest.py): off this machine, nothing connects."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.netguard import NetworkBlockedError

TEST_NET_3 = ("203.0.113.1", 80)  # RFC 5737 documentation range: never a real host


@pytest.fixture(autouse=True)
def guarded() -> None:
    """Without the guard these tests would really send packets: then they fail, and send none."""
    patched = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection)
    if not all(getattr(f, "__module__", None) == "tests.netguard" for f in patched):
        pytest.fail("the session's network guard is not installed (tests/conftest.py)")


def _via_connect() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        s.connect(TEST_NET_3)


def _via_connect_ex() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        s.connect_ex(TEST_NET_3)


def _via_create_connection() -> None:
    socket.create_connection(TEST_NET_3, timeout=1).close()


@pytest.mark.parametrize("attempt", [_via_connect, _via_connect_ex, _via_create_connection])
def test_a_connection_to_test_net_3_is_refused(attempt: Callable[[], None]) -> None:
    with pytest.raises(NetworkBlockedError, match=r"203\.0\.113\.1"):
        attempt()


def test_a_host_name_is_refused_before_it_is_looked_up() -> None:
    with pytest.raises(NetworkBlockedError, match=r"example\.com"):
        socket.create_connection(("example.com", 443), timeout=1)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s,
        pytest.raises(NetworkBlockedError, match=r"example\.com"),
    ):
        s.connect(("example.com", 443))


def _echo_once(server: socket.socket) -> None:
    conn, _ = server.accept()
    with conn:
        conn.sendall(conn.recv(16))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_still_connects(host: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        echo = threading.Thread(target=_echo_once, args=(server,), daemon=True)
        echo.start()
        with socket.create_connection((host, port), timeout=5) as client:
            client.sendall(b"ping")
            assert client.recv(16) == b"ping"
        echo.join(timeout=5)


def test_a_unix_socket_still_connects(tmp_path: Path) -> None:
    path = str(tmp_path / "s.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        echo = threading.Thread(target=_echo_once, args=(server,), daemon=True)
        echo.start()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(path)
            client.sendall(b"ping")
            assert client.recv(16) == b"ping"
        echo.join(timeout=5)
