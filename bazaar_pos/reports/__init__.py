"""Reports after the sales: the takings broken down, and the end-of-event report.

Sales by product, institution, workshop, category, payment method, cashier, hour and day
(:mod:`.sales`), and the end-of-event report the Kalapas/Karutan signs, as data and as CSV
(:mod:`.event_report`, :mod:`.event_report_csv`).
"""
