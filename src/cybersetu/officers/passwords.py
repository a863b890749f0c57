"""Passwords with argon2id (argon2-cffi defaults), re-hashed on sign-in when they change."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cybersetu.errors import InputError

MIN_LENGTH = 10
MAX_LENGTH = 256
_hasher = PasswordHasher()


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
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False, False
    return True, _hasher.check_needs_rehash(stored)
