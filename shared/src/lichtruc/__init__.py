"""lichtruc's shared contract: event schemas, topic names, and the few helpers that
all three services (roster, notifier, audit) truly use."""
