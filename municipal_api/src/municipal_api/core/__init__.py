"""Cross-cutting pieces: settings, database, clock, errors, security, seed."""
