"""Every printed or saved paper, made with ReportLab from one kit.

``kit/`` is what every paper is made of: the embedded fonts and text shaping (any script, Arabic
joined and right to left), the till-roll template, the A4 form template, money in words, dates
and each paper's language. One module per paper says what goes on it: ``receipt``,
``refund_slip``, ``shift_report`` (X/Z) on the roll; ``variance_report``, ``handover`` and
``event_report`` on the A4 form; ``labels`` (a grid of barcode labels, its own template with
the kit's fonts). ``receipt_files`` keeps receipt PDFs under the data folder.

The papers read plain data from the other areas (a :class:`~bazaar_pos.till.receipt.Receipt`,
a :class:`~bazaar_pos.stock.documents.VarianceReport` …), never the database, and return PDF
bytes or write a file atomically.
"""
