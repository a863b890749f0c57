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
    "case.traced": N_(
        "Money traced: {stolen} reported, {to_hold} can be held; {banks} bank(s) to ask"
    ),
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

# --- Traders' grievances and the sweeper (issue 13) -----------------------------------------
EVENTS.update(
    {
        "grievance.filed": N_("Grievance {ack} filed ({category}) at station {station}, due {due}"),
        "grievance.accepted": N_("Grievance {ack} accepted"),
        "grievance.info_requested": N_("Grievance {ack}: information asked of the trader"),
        "grievance.info_given": N_("Grievance {ack}: the trader answered"),
        "grievance.transferred": N_(
            "Grievance {ack} transferred from zone {from_zone} to {to_zone}"
        ),
        "grievance.resolved": N_("Grievance {ack} resolved"),
        "grievance.rated": N_("Grievance {ack} rated: {rating}"),
        "grievance.appealed": N_("Grievance {ack} appealed to the supervisor"),
        "grievance.appeal_decided": N_("Appeal on grievance {ack} decided: {decision}"),
        "grievance.attached": N_("File attached to grievance {ack} ({kind}, SHA-256 {sha256})"),
        "meeting.scheduled": N_(
            "Trader meeting “{title}” scheduled ({carried} open item(s) carried)"
        ),
        "meeting.held": N_(
            "Minutes of the trader meeting “{title}” recorded ({attendees} present)"
        ),
        "meeting.item_added": N_("Action item added to meeting {id}, owner {owner}"),
        "meeting.item_done": N_("Action item {item} of meeting {id} done"),
        "awareness.session_recorded": N_("Awareness session recorded at station {station}"),
        "grievance.escalated": N_(
            "Grievance {ack} overdue since {due}: escalated to the supervisor"
        ),
    }
)

# --- The victim's view and messages (issue 11 §9) ------------------------------------------
EVENTS.update(
    {
        "otp.sent": N_("A one-time code ({purpose}) was sent to {mobile}"),
        "citizen.signed_in": N_("The victim opened complaint {ack} with a one-time code"),
        "citizen.sign_in_failed": N_("A wrong or expired code was given for complaint {ack}"),
        "trader.password_set": N_("The shop set its password with a one-time code"),
        "trader.registration_failed": N_(
            "A wrong or expired code was given to register a shop with {mobile}"
        ),
    }
)

# --- The rest of the case workflow and restoration (issue 11, sections 6 and 7) ------------
EVENTS.update(
    {
        "case.rejected": N_("Complaint rejected: {reason}"),
        "case.merged": N_("Merged as a duplicate of {original}"),
        "case.closed": N_("Case closed: {restored} restored to the victim"),
        "case.restoration_moved": N_("The case is now {status}: {restored} restored"),
        "restoration.started": N_(
            "Restoration of {amount} held by {bank} (request {request}) started: {route}"
        ),
        "restoration.ordered": N_("Restoration order recorded for request {request}: {order}"),
        "restoration.credited": N_(
            "{bank} credited {amount} to the victim for request {request} (UTR {credit_ref})"
        ),
        "hold.clock_alert": N_(
            "The hold at {bank} (request {request}) is {days} days old and has no order yet"
        ),
        "hold.release_requested": N_(
            "The hold at {bank} (request {request}) reached 90 days without a court or "
            "restoration order: its release is requested"
        ),
    }
)
