"""Stock: the ledger of movements and the counts before and after an event.

The movement ledger, the only truth about stock (:mod:`.ledger`), count sessions (:mod:`.counts`),
the variance report (:mod:`.variance`, as CSV in :mod:`.variance_csv`), the return of unsold
goods to the institutions (:mod:`.returns`), and what the stock papers say, as plain data
(:mod:`.documents`).
"""
