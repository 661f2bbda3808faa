"""Every write in the timebank. The ledger module is the only code that moves hours."""
