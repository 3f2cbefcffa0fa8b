"""Screens of the catalog: products, institutions and workshops, events, CSV import, labels."""
