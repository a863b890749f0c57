"""Officers and other users of the desk: accounts, roles, passwords, API tokens, sign-in."""
