"""The coach–athlete loop: Team Ops, comments on sessions, marking sessions reviewed."""
