"""Every non-trivial read in the recognition app."""
