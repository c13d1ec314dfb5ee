"""The work itself (use cases): cases, pathway runs, tasks and trays, hand-on, consent, the
safeguarding override, and the input each accepts."""
