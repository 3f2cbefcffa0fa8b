"""Screens of the till: the sale screen with its cart, search and payment, parked carts, refunds."""
