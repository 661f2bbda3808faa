"""Every write in the reflect app. Each module covers one idea."""
