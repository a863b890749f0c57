"""The audit event codes and how each reads, in the reader's language.

The log stores a code and its parameters; these templates (translated through the catalogue like
every other string of the desk) turn them into a sentence when someone reads the log.
"""

from __future__ import annotations

from typing import Final

from cybersetu.i18n import N_

EVENTS: Final[dict[str, str]] = {
    "user.created": N_("User {username} created with role {role}"),
    "user.signed_in": N_("Signed in"),
    "user.sign_in_failed": N_("A sign-in as {username} failed"),
    "user.locked": N_("Sign-in locked for 15 minutes after repeated failures ({what})"),
    "user.signed_out": N_("Signed out"),
    "user.language_changed": N_("Language changed to {locale}"),
    "user.password_rehashed": N_("Password hash upgraded"),
    "token.created": N_("API token {prefix}… created for {username}"),
    "token.revoked": N_("API token {prefix}… revoked"),
    "case.registered": N_("Complaint {ack} registered ({channel}) at station {station}"),
    "case.traced": N_("Money traced: {stolen} reported, {to_hold} can be held at {banks} bank(s)"),
    "case.verified": N_("Complaint verified"),
    "case.holds_sent": N_("Hold requests sent to {banks} bank(s) for {amount}"),
    "case.holds_sent_early": N_(
        "Hold requests sent before verification (golden hour) to {banks} bank(s) for {amount}: "
        "{reason}"
    ),
    "case.note_added": N_("Note added"),
    "case.status_changed": N_("The case is now {status}: {held} held"),
    "case.next_layer": N_(
        "Layer {layer}: hold requests sent at once to {banks} bank(s) for {amount}"
    ),
    "case.next_layer_drafted": N_(
        "Layer {layer}: hold requests drafted for {banks} bank(s) for {amount}"
    ),
    "hold.answered": N_("{bank} answered request {request}: {answer}"),
    "hold.escalated": N_(
        "Request {request} to {bank} is overdue: escalated to the bank and the supervisor"
    ),
    "ledger.loaded": N_("Bank feed {file} loaded: {loaded} rows, {rejected} rejected"),
}
