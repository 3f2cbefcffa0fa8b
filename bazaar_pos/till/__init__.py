"""The till: what the cashier does at the stall.

The cart and its rules (:mod:`.cart`), discounts and price overrides (:mod:`.pricing`), committing
a sale in one transaction with its receipt number (:mod:`.sales`), carts parked, cancelled and
voided (:mod:`.parking`), and refunds against a receipt (:mod:`.refunds`). Printing is not here:
the papers (:mod:`bazaar_pos.papers`) render what these modules return.
"""
