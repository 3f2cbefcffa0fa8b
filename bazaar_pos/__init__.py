"""Bazaar POS core: Qt-free services shared by the CLI, the Qt UI and the tests.

Nothing in this package outside ``bazaar_pos.ui`` may import Qt (a test enforces it).
"""

__version__ = "0.1.0"
