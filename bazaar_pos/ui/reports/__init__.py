"""Screens of reports: the sales reports with their charts, and the end-of-event report."""
