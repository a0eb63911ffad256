"""graphae's version (read by setup.cfg and `graphae info`)."""

__version__ = "0.1.0"
