"""Every non-trivial read in the learn app."""
