"""Roster's domain: plain Python, no framework, no I/O, no clock."""
