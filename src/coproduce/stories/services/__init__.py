"""Every write in the stories app. Each module covers one idea."""
