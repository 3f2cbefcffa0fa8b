"""The old home of the demo data, kept only so that imports of it keep working until they move
(bench/run_bench.py imports ``add_demo_products`` from here). The code is in ``event``,
``goods``, ``sales`` and ``bulk``: import from those.
"""

from bazaar_pos.demo.bulk import DemoSummary, generate_demo_data
from bazaar_pos.demo.event import (
    DEMO_EVENT_DATE,
    DEMO_EVENT_NAME,
    DEMO_EVENT_VENUE,
    has_events,
    seed_demo_event,
)
from bazaar_pos.demo.goods import SYNTHETIC_SEQUENCE_START, add_demo_products
from bazaar_pos.demo.sales import add_demo_sales

__all__ = [
    "DEMO_EVENT_DATE",
    "DEMO_EVENT_NAME",
    "DEMO_EVENT_VENUE",
    "SYNTHETIC_SEQUENCE_START",
    "DemoSummary",
    "add_demo_products",
    "add_demo_sales",
    "generate_demo_data",
    "has_events",
    "seed_demo_event",
]
