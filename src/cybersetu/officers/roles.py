"""The roles of the desk. Later issues add banks, citizens, traders and nodal officers."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    HELP_DESK = "help_desk"
    """A police station's cyber help desk (or the 1930 desk): one station's complaints."""
    INVESTIGATOR = "investigator"
    """The cyber cell: every complaint of the commissionerate."""
    SUPERVISOR = "supervisor"
    """ACP / commissioner's office: every complaint, the dashboards."""
    ADMIN = "admin"
    """Users and tokens; reads the audit log."""
    BANK_OFFICER = "bank_officer"
    """A bank's nodal officer: the hold requests addressed to their bank (`--bank HDFC`)."""


#: Roles tied to one police station (the `--station` of `users add`).
STATION_ROLES = frozenset({Role.HELP_DESK})
#: Roles tied to one bank (the `--bank` of `users add`: an IFSC prefix).
BANK_ROLES = frozenset({Role.BANK_OFFICER})
