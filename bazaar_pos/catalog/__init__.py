"""The catalog: what is sold, who made it, and where it is sold.

Products (:mod:`.products`), the institutions and their workshops (:mod:`.institutions`), events
(:mod:`.events`), the scan and search look-ups of the till (:mod:`.lookup`), EAN/GTIN check
digits and in-store numbers (:mod:`.barcodes`), and the catalog as a CSV file (:mod:`.csv_file`).

Reading the catalog is open to every caller (the sale screen sells from it; the price list is
on the shelf anyway). Every change takes the acting user, is checked against the permission
table of :mod:`bazaar_pos.people.access` and is journaled old -> new (:mod:`.journal`). The
till's settings are changed here too (:mod:`.till_settings`): the current event is the
catalog's, and the till code and the current event wait for the open shift to close.
"""
