"""The papers kit: what every printed or saved paper is made of, written once.

- :mod:`.fonts`: the embedded Unicode TrueType faces (DejaVu Sans, shipped with the package),
  registered once; text shaped (Arabic joined and right-to-left), measured, wrapped and cut.
- :mod:`.roll`: the till-roll template (58/80 mm, as tall as the content, or A4 pages) with
  rows, pairs, columns, rules, the receipt-number barcode and signature lines.
- :mod:`.sheet`: the A4 form template (portrait or landscape): title block, key-value lines,
  ruled tables with money columns and repeated headers, money in a box in figures and in
  words, signature blocks (caption, role, name, NIP), charts, running header and
  "Halaman n dari m" at every foot.
- :mod:`.words`: money in words (*terbilang*); :mod:`.dates`: dates and times as papers print
  them; :mod:`.language`: each paper's words in Indonesian or English.

A document module (``papers/receipt.py``, ``papers/handover.py`` …) only says what goes on
its paper, in which order; it never draws on a canvas or registers a font itself.
"""
