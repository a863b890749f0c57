"""The base class every identifier type derives from (in the style of followthemoney's types).

A type is a stateless singleton (`phones = PhoneType()`), named by `name`, that turns what a
person typed into one canonical string, or tells that it cannot:

- `clean(raw)`: the canonical form, or None when `raw` is not a value of this type. Idempotent:
  `clean(clean(x)) == clean(x)`. Accepts any Unicode decimal digits, NFKC forms and dashes.
- `validate(raw)`: `clean(raw) is not None`.
- `mask(value)`: the form safe to show in a UI or a log (identity for non-personal identifiers).
- `bank(value)`: the bank the value points to, where the type can know it (IFSC, VPA, UTR...).

Types never echo the input in an error message: the input may be personal data.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from cybersetu.errors import InputError
from cybersetu.identifiers.banks import Bank
from cybersetu.identifiers.digits import normalize


class IdentifierType(ABC):
    """One kind of identifier. Subclasses set `name`/`label`/`label_hi` and implement `_clean`."""

    #: Machine name, also the name the intake and the linking graph use for this kind of node.
    name: ClassVar[str]
    #: Human names for messages and UI, English and Hindi.
    label: ClassVar[str]
    label_hi: ClassVar[str]

    def clean(self, raw: str | None) -> str | None:
        """The canonical form of `raw`, or None if it is not a valid value of this type."""
        if raw is None:
            return None
        text = normalize(raw)
        if not text:
            return None
        return self._clean(text)

    @abstractmethod
    def _clean(self, text: str) -> str | None:
        """Canonical form of already-normalised, non-empty `text` (see `digits.normalize`)."""

    def validate(self, raw: str | None) -> bool:
        """True if `raw` is a valid value of this type (in any accepted spelling)."""
        return self.clean(raw) is not None

    def mask(self, value: str) -> str:
        """The form of `value` safe to show in a UI or log; raises InputError if it is invalid."""
        return self._mask(self.require(value))

    def _mask(self, value: str) -> str:
        """Mask an already-clean value; identifiers that are not personal data stay as they are."""
        return value

    # The default for types that name no bank; those that do (IFSC, UPI, account, UTR) read `value`.
    def bank(self, value: str) -> Bank | None:  # noqa: ARG002
        """The bank `value` points to, or None when this type cannot tell (or `value` is invalid)."""
        return None

    def require(self, raw: str | None) -> str:
        """Like `clean`, but raises InputError (without repeating the input) when it is invalid."""
        value = self.clean(raw)
        if value is None:
            raise InputError(f"This is not a valid {self.label}.")
        return value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
