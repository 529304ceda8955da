"""The review app: reviewers see the queue of flagged posts and each case's evidence."""
