"""Every write in the recognition app. Each module covers one idea."""
