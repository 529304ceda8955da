"""Review-app accounts: who may log in, their role and scope, sessions, lockouts, saved filters."""
