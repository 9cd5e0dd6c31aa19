"""Audit\x27s documents: the campaign report as PDF and XLSX (imports domain/ and handlers\x27 results only)."""
