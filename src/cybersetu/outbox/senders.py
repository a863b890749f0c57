"""Who carries a message out: a pluggable sender.

A sender gets each message once with the outbox id, which a real SMS or mail gateway takes as
the client's message reference: a message whose sending was interrupted (the process died
between the gateway's answer and the outbox's update) is handed over again with the same id,
and the gateway drops the repeat. The file sender does the same, so a message is never
delivered twice. Senders raise `SendError` for a failure worth retrying.

`CYBERSETU_OUTBOX_SENDER`: `file` (default: one JSON line per message in
`<data_dir>/outbox.jsonl`), `console` (standard error, the number masked), `none` (keep them
queued), or `package.module:factory` (a callable taking the settings and returning a sender).
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cybersetu.errors import InputError
from cybersetu.identifiers import phones
from cybersetu.settings import Settings


class SendError(Exception):
    """The gateway did not take the message: try again later."""


@dataclass(frozen=True)
class Outgoing:
    id: int
    channel: str
    recipient: str
    body: str


class Sender(Protocol):
    def send(self, message: Outgoing) -> None: ...


#: What makes a message the same one handed over again: its id, and what it says to whom. The
#: id alone is not enough: a new database (the file kept) numbers its messages from 1 again.
_Sent = tuple[int, str, str]


class FileSender:
    """Appends each message as a JSON line; a message already in the file (same id, recipient
    and text) is not written again (the file is read once, then kept in memory)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._sent: set[_Sent] | None = None

    def _sent_keys(self) -> set[_Sent]:
        if self._sent is None:
            self._sent = set()
            if self.path.exists():
                with self.path.open(encoding="utf-8") as fh:
                    for line in fh:
                        try:
                            row = json.loads(line)
                            self._sent.add((int(row["id"]), str(row["to"]), str(row["body"])))
                        except (ValueError, KeyError, TypeError):
                            continue  # a torn last line from a crash: that message is re-sent
        return self._sent

    def send(self, message: Outgoing) -> None:
        with self._lock:
            sent = self._sent_keys()
            key = (message.id, message.recipient, message.body)
            if key in sent:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            line = json.dumps(
                {
                    "id": message.id,
                    "channel": message.channel,
                    "to": message.recipient,
                    "body": message.body,
                },
                ensure_ascii=False,
            )
            try:
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            except OSError as exc:
                raise SendError(f"cannot write the outbox file: {exc.strerror}") from exc
            sent.add(key)


class ConsoleSender:
    """Prints each message on standard error with the number masked (the demo's sender)."""

    def send(self, message: Outgoing) -> None:
        to = phones.mask(message.recipient) if message.channel == "sms" else message.recipient
        sys.stderr.write(f"[{message.channel} #{message.id} to {to}] {message.body}\n")


class HeldSender:
    """Sends nothing: the messages stay queued (a deployment whose gateway is not set up yet)."""

    def send(self, message: Outgoing) -> None:
        del message  # the protocol's argument: nothing is sent
        raise SendError("no sender is configured (CYBERSETU_OUTBOX_SENDER=none)")


def sender_from_settings(settings: Settings) -> Sender:
    name = settings.outbox_sender
    if name == "file":
        return FileSender(settings.data_dir / "outbox.jsonl")
    if name == "console":
        return ConsoleSender()
    if name == "none":
        return HeldSender()
    module, sep, attr = name.partition(":")
    if not sep or not module or not attr:
        raise InputError(
            "CYBERSETU_OUTBOX_SENDER must be file, console, none or package.module:factory, "
            f"not {name!r}."
        )
    factory = getattr(importlib.import_module(module), attr)
    sender: Sender = factory(settings)
    return sender
