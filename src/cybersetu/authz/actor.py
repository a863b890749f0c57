"""The actor of an action: a signed-in user, a token's user, or the system (CLI, demo)."""

from __future__ import annotations

from dataclasses import dataclass

from cybersetu.officers.roles import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: Role | None
    """None for the system itself."""
    station: str | None = None
    locale: str = "en"
    bank: str | None = None
    """The IFSC prefix of a bank officer's bank."""
    zones: tuple[str, ...] = ()
    """A nodal officer's zones (issue 13)."""
    mobile: str | None = None
    """A citizen's mobile number: they see the complaints filed with it."""

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(None, name, None)

    @property
    def is_system(self) -> bool:
        return self.role is None
