"""Screens of people: login and approvals, users, shifts and the cash drawer, the audit log."""
