"""Demo data: the demo event seeded on a new till, and bulk products and sales for training
and for the benchmarks, written through the real services.
"""
