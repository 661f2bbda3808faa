"""Every write in the learn app. Each module covers one idea."""
