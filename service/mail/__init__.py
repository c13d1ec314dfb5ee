"""E-mail: the outbox written with each step, delivery over SMTP, recipients and invitations."""
