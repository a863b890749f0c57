"""One-time codes sent to a mobile number: how a citizen or a trader proves the number is theirs."""
