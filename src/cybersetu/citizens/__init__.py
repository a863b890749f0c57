"""The victim's side: messages at each step, and their own view of the complaint."""
