"""Trader meetings: scheduled monthly by default, with an agenda, attendees, minutes and action
items (owners, due dates, linked to grievances); open items carried onto the next agenda."""
