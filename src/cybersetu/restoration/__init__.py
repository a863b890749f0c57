"""Held money back to the victim: the route (administrative or court), the order, the bank's
credit, and the 90-day clock of every hold (issue 11, section 7)."""
