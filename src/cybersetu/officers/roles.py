"""The roles of the desk."""

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
    # Traders and their nodal officers (issue 13).
    TRADER = "trader"
    """A shop or a trade association: files grievances and sees only its own."""
    NODAL_OFFICER = "nodal_officer"
    """The traders' nodal officer of one or more zones of the commissionerate."""
    CITIZEN = "citizen"
    """A victim, signed in with a one-time code sent to their mobile: their own complaints."""


#: Roles tied to one police station (the `--station` of `users add`).
STATION_ROLES = frozenset({Role.HELP_DESK})
#: Roles tied to one bank (the `--bank` of `users add`: an IFSC prefix).
BANK_ROLES = frozenset({Role.BANK_OFFICER})

# --- Traders and their nodal officers (issue 13) ---
#: Roles tied to one police station that see no complaint (a trader's shop is at a station).
TRADER_STATION_ROLES = frozenset({Role.TRADER})
#: Roles tied to one or more zones of the commissionerate (the `--zone` of `users add`).
ZONE_ROLES = frozenset({Role.NODAL_OFFICER})
