"""Every non-trivial read in the stories app."""
