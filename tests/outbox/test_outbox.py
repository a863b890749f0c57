"""The outbox: queued in the action's transaction, sent after commit, retried, never twice."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.outbox.models import OutboxMessage
from cybersetu.outbox.senders import (
    ConsoleSender,
    FileSender,
    Outgoing,
    SendError,
    sender_from_settings,
)
from cybersetu.outbox.service import MAX_ATTEMPTS, deliver, enqueue
from cybersetu.settings import get_settings


class Recorder:
    def __init__(self, fail: int = 0) -> None:
        self.sent: list[Outgoing] = []
        self.fail = fail

    def send(self, message: Outgoing) -> None:
        if self.fail:
            self.fail -= 1
            raise SendError("gateway busy")
        self.sent.append(message)


def _queue(db: sessionmaker[Session], key: str = "case.registered:1", **kw: str) -> None:
    with db() as s, begin(s):
        enqueue(
            s,
            key=key,
            recipient="9876543210",
            code=kw.get("code", "case.registered"),
            params={"ack": "KNP-2026-000001"},
            locale=kw.get("locale", "en"),
            secret={"code": "123456"} if kw.get("code", "").startswith("otp.") else None,
        )


def _rows(db: sessionmaker[Session]) -> list[OutboxMessage]:
    with db() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_message_of_a_rolled_back_action_is_never_queued(db: sessionmaker[Session]) -> None:
    def failing_action() -> None:
        with db() as s, begin(s):
            enqueue(
                s,
                key="k",
                recipient="9876543210",
                code="case.registered",
                params={"ack": "KNP-2026-000001"},
                locale="en",
            )
            raise RuntimeError("the action failed")

    with pytest.raises(RuntimeError):
        failing_action()
    assert _rows(db) == []


def test_the_same_event_is_queued_once_and_sent_once(db: sessionmaker[Session]) -> None:
    _queue(db)
    _queue(db)  # a replayed request queues nothing more
    sender = Recorder()
    with db() as s:
        assert deliver(s, sender).sent == 1
        assert deliver(s, sender).sent == 0
    assert len(sender.sent) == 1
    assert "KNP-2026-000001" in sender.sent[0].body
    (row,) = _rows(db)
    assert row.status == "sent"
    assert row.attempts == 1


def test_hindi_bodies_are_rendered_in_hindi(db: sessionmaker[Session]) -> None:
    _queue(db, locale="hi")
    (row,) = _rows(db)
    assert "शिकायत" in row.body
    assert "KNP-2026-000001" in row.body


def test_a_failing_gateway_is_retried_later_and_gives_up_after_the_last_attempt(
    db: sessionmaker[Session],
) -> None:
    _queue(db)
    sender = Recorder(fail=MAX_ATTEMPTS)
    now = utcnow()
    with db() as s:
        first = deliver(s, sender, now=now)
        assert first.retrying == 1
        assert deliver(s, sender, now=now).sent == 0  # not before its next attempt is due
    for n in range(2, MAX_ATTEMPTS + 1):
        now += timedelta(hours=2)
        with db() as s:
            done = deliver(s, sender, now=now)
        assert (done.failed, done.retrying) == ((1, 0) if n == MAX_ATTEMPTS else (0, 1))
    (row,) = _rows(db)
    assert row.status == "failed"
    assert row.error == "gateway busy"
    assert sender.sent == []


def test_a_message_whose_sending_was_interrupted_is_handed_over_again_with_its_id(
    db: sessionmaker[Session], tmp_path: Path
) -> None:
    _queue(db)
    sender = FileSender(tmp_path / "outbox.jsonl")
    (row,) = _rows(db)
    # The process wrote the message, then died before the outbox knew it was sent.
    sender.send(Outgoing(row.id, row.channel, row.recipient, row.body))
    with db() as s, begin(s):
        stuck = s.get(OutboxMessage, row.id)
        assert stuck is not None
        stuck.status, stuck.claimed_at = "sending", utcnow() - timedelta(hours=1)
    with db() as s:
        assert deliver(s, FileSender(tmp_path / "outbox.jsonl")).sent == 1
    lines = (tmp_path / "outbox.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [row.id]  # delivered once


def test_a_one_time_code_is_only_in_the_sms_and_blanked_once_sent(
    db: sessionmaker[Session],
) -> None:
    _queue(db, key="otp:1", code="otp.track")
    (row,) = _rows(db)
    assert "123456" in row.body
    assert "123456" not in json.dumps(row.params)
    sender = Recorder()
    with db() as s:
        deliver(s, sender)
    assert "123456" in sender.sent[0].body
    assert _rows(db)[0].body == ""


def test_the_console_sender_masks_the_number(capsys: pytest.CaptureFixture[str]) -> None:
    ConsoleSender().send(Outgoing(7, "sms", "9876543210", "hello"))
    err = capsys.readouterr().err
    assert "9876543210" not in err
    assert "3210" in err
    assert "hello" in err


def test_senders_are_chosen_by_the_settings(tmp_path: Path) -> None:
    base = replace(get_settings(), data_dir=tmp_path)
    assert isinstance(sender_from_settings(base), FileSender)
    assert isinstance(sender_from_settings(replace(base, outbox_sender="console")), ConsoleSender)
    plugged = replace(base, outbox_sender="tests.outbox.test_outbox:make_recorder")
    assert isinstance(sender_from_settings(plugged), Recorder)
    with pytest.raises(InputError, match="CYBERSETU_OUTBOX_SENDER"):
        sender_from_settings(replace(base, outbox_sender="smtp"))


def make_recorder(_settings: object) -> Recorder:
    """A sender factory as a deployment would name one (`package.module:factory`)."""
    return Recorder()


def test_a_new_database_numbering_from_1_again_loses_no_message(tmp_path: Path) -> None:
    """The data folder's file outlives a desk database that is made anew: the first message of
    the new one has the id of a message already in the file, but it is another message."""
    path = tmp_path / "outbox.jsonl"
    FileSender(path).send(Outgoing(1, "sms", "9876543210", "KNP-2026-000001 registered"))
    later = FileSender(path)  # a new process reads the file
    later.send(Outgoing(1, "sms", "9876543210", "KNP-2026-000001 registered"))  # the same again
    later.send(Outgoing(1, "sms", "9123456780", "Your code is 482913"))  # a new one, id 1
    bodies = [json.loads(line)["body"] for line in path.read_text("utf-8").splitlines()]
    assert bodies == ["KNP-2026-000001 registered", "Your code is 482913"]
