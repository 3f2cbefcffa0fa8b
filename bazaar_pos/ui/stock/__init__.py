"""Screens of stock: counts, the variance report, the ledger, returns to institutions."""
