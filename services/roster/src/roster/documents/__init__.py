"""Printable documents roster makes (PDF): typed domain values in, bytes out. Used by `api/`;
imports only `domain/`. The fonts are embedded so that every Vietnamese letter prints anywhere."""
