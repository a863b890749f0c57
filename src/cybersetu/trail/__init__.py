"""Golden-hour money trail: where the victims' money went, and what to hold where."""
