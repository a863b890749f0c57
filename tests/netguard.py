"""No test reaches the network: Python-level connects go to this machine or nowhere.

`install` patches `socket.socket.connect`, `socket.socket.connect_ex` and
`socket.create_connection` so that a connection to any address other than 127.0.0.1, ::1,
localhost or a Unix socket path raises `NetworkBlockedError` before a packet is sent (and before
a host name is looked up). The test session's PostgreSQL, the desk under uvicorn, Chromium's
driver and Spark's py4j gateway all live on 127.0.0.1, so they are untouched.

Code that connects from C (libpq, the JVM, Chromium itself) does not go through Python's
`socket` module; it is pointed at 127.0.0.1 by the fixtures that start it.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

LOOPBACK: frozenset[str] = frozenset({"127.0.0.1", "::1", "localhost"})


class NetworkBlockedError(RuntimeError):
    """A test tried to connect to an address off this machine.

    Not an OSError on purpose: code that catches connection errors and carries on must not
    hide that a test tried to reach the network.
    """


def is_local(family: int, address: object) -> bool:
    """Whether a connection of this address family to `address` stays on this machine."""
    if family == socket.AF_UNIX:
        return True  # a path (or an abstract name) on this machine
    if isinstance(address, tuple) and address and isinstance(address[0], str):
        return address[0] in LOOPBACK
    return False


def _refuse(address: object) -> NetworkBlockedError:
    return NetworkBlockedError(
        f"Tests may not reach the network: {address!r} is not 127.0.0.1, ::1, localhost "
        "or a Unix socket."
    )


def install(mp: pytest.MonkeyPatch) -> None:
    """Guard every Python-level connect until `mp` is undone."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create_connection = socket.create_connection

    def connect(self: socket.socket, address: Any) -> None:
        if not is_local(self.family, address):
            raise _refuse(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not is_local(self.family, address):
            raise _refuse(address)
        return real_connect_ex(self, address)

    def create_connection(
        address: tuple[str | None, int], *args: Any, **kwargs: Any
    ) -> socket.socket:
        # Checked here too, before the name is resolved: a DNS query is network traffic.
        if not is_local(socket.AF_INET, address):
            raise _refuse(address)
        return real_create_connection(address, *args, **kwargs)

    mp.setattr(socket.socket, "connect", connect)
    mp.setattr(socket.socket, "connect_ex", connect_ex)
    mp.setattr(socket, "create_connection", create_connection)
