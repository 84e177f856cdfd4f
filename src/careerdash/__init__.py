"""careerdash: compare French careers from fiches métiers."""

__version__ = "0.1.0"
