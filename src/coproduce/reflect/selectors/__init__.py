"""Every non-trivial read in the reflect app."""
