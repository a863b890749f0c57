"""Traders' grievances: filed by a shop or a trade association, routed to the nodal officer of
the shop's zone, answered within a deadline, rated, appealed to the supervisor."""
