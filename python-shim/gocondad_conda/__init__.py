"""conda plugin for gocondad (see plugin.py)."""
