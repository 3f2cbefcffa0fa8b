"""The PySide6 user interface. Only this package may import Qt."""
