"""Every printed or saved paper, made with ReportLab: receipts, refund slips, X/Z reports,
barcode labels, the variance report, the handover record and the end-of-event report.

The papers read plain data from the other areas and never the database; each returns PDF bytes.
"""
