"""Passwords with argon2id (argon2-cffi defaults), re-hashed on sign-in when they change."""

from __future__ import annotations

import contextlib
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cybersetu.errors import InputError

MIN_LENGTH = 10
MAX_LENGTH = 256
_hasher = PasswordHasher()


#: The hash of an account whose password is not set yet (a shop a nodal officer added): no
#: password matches it.
UNSET = "!unset"


def is_unset(stored: str) -> bool:
    return stored == UNSET


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InputError(f"A password needs at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise InputError(f"A password has at most {MAX_LENGTH} characters.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def dummy_hash() -> str:
    """Verified against when the user does not exist, so that the answer takes as long."""
    return _hasher.hash("not a password of anyone")


def verify(stored: str, password: str) -> tuple[bool, bool]:
    """(matches, needs a new hash) for a stored hash and a typed password."""
    if len(password) > MAX_LENGTH:
        return False, False
    if is_unset(stored):
        # As long as a real check, so that an invited shop's username does not show by speed.
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(dummy_hash(), password)
        return False, False
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False, False
    return True, _hasher.check_needs_rehash(stored)
