"""Performance benchmarks for Bazaar POS: the project's figures beside bare-library floors.

Run ``python bench/run_bench.py`` (or ``make bench``); see ``bench/run_bench.py --help``.
"""
