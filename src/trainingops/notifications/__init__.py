"""Notifications: each user's in-app feed, the email outbox and its sender, and the user's preferences."""
