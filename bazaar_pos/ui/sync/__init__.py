"""Screens of sync: exporting this till's data and merging other tills' exports."""
