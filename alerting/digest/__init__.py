"""Email digests per agency (instansi): confirmed and escalated cases about its staff, sent once."""
