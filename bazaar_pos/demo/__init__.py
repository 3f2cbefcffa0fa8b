"""Demo data: a till to train on, and the catalogs and sales the benchmarks measure.

- ``event``: the demo event (*Bazar HBP ke-62*: three Rutan, their workshops, ~30 products and
  their opening stock) seeded on a new till.
- ``goods``: bulk demo products with an arrival each (training, the benchmarks' catalogs).
- ``sales``: the one demo sale generator: ``plan_sales`` plans random sales from a catalog
  (pure and seeded), ``add_demo_sales`` rings them up through ``commit_sale``; the benchmarks
  write the same plans in bulk (``bench/sales_data.py``).
- ``bulk``: ``generate_demo_data``, the products and sales of ``bazaar-pos demo``.
"""
