"""lichtruc portal: the web pages of lichtruc, rendered on the server over roster, notifier and audit."""
