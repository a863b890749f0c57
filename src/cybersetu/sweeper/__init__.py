"""The sweeper: jobs that look at the clock and escalate what is late (overdue grievances, banks
that have not answered). Run every minute inside the server, or by `cybersetu sweep` from cron."""
