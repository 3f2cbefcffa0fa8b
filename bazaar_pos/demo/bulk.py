"""``bazaar-pos demo --products N --sales M``: bulk demo products, then demo sales.

Only on a till that nobody uses yet: demo goods and sales on a real till would mix with its
money and stock, so a database with users or sales is refused (:class:`DemoRefused`) before
anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bazaar_pos.db import Database
from bazaar_pos.db.models import Sale, User
from bazaar_pos.demo.goods import add_demo_products
from bazaar_pos.demo.sales import add_demo_sales
from bazaar_pos.errors import PosError
from bazaar_pos.settings import OFFICE, load_settings


@dataclass(frozen=True)
class DemoSummary:
    products_added: int
    sales_added: int


class DemoRefused(PosError):
    """The database is a till in use (it has users or sales): no demo data is added to it."""

    def __init__(self, users: int, sales: int) -> None:
        super().__init__(
            f"this database has {users} user(s) and {sales} sale(s): demo data goes only into "
            "a new, empty till (use another --data-dir)"
        )
        self.users = users
        self.sales = sales


class DemoOnlyForTill(PosError):
    """Demo data goes only into a till: never into an office (its figures are the tills'
    merged ones), nor into a database not set up yet (its first admin may make it an office).
    ``kind``: the database's (``office`` or ``pending``)."""

    def __init__(self, kind: str) -> None:
        what = "an office" if kind == OFFICE else "not set up yet (till or office)"
        super().__init__(
            f"this database is {what}: demo data goes only into a till made for training "
            "(--new-database till --institution BPN --demo, on another --data-dir)"
        )
        self.kind = kind


def check_demo_allowed(db: Database) -> None:
    """Raise :class:`DemoOnlyForTill` unless the database is a till, :class:`DemoRefused`
    unless it has no users and no sales."""
    settings = load_settings(db)
    if not settings.is_till:
        raise DemoOnlyForTill(settings.database_kind)
    with db.read() as session:
        users = int(session.scalar(select(func.count()).select_from(User)) or 0)
        sales = int(session.scalar(select(func.count()).select_from(Sale)) or 0)
    if users or sales:
        raise DemoRefused(users, sales)


def generate_demo_data(db: Database, products: int, sales: int) -> DemoSummary:
    check_demo_allowed(db)
    return DemoSummary(
        products_added=add_demo_products(db, products), sales_added=add_demo_sales(db, sales)
    )
