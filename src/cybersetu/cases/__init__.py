"""Cases: a complaint registered at the desk, its payments, identifiers, trail and hold requests."""
