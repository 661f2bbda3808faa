"""Every non-trivial read in the timebank."""
