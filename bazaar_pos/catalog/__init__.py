"""The catalog: what is sold, who made it, and where it is sold.

Products (:mod:`.products`), the institutions and their workshops (:mod:`.institutions`), events
(:mod:`.events`), the scan and search look-ups of the till (:mod:`.lookup`), EAN/GTIN check
digits and in-store numbers (:mod:`.barcodes`), and the catalog as a CSV file (:mod:`.csv_file`).
"""
