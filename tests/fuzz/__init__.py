"""Schemathesis against the three services. A package, so that its package-scoped fixtures (the
running services) end with its last test rather than with the session."""
