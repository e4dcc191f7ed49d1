"""Test stand-in for conda (see ../README.md)."""
