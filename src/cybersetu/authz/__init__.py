"""Who may do what: the one policy module every route and action asks."""
