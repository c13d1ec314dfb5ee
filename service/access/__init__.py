"""Who may do what: user accounts, sign-in, API tokens (and their short cache), web sessions."""
