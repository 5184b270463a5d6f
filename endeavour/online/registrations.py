"""What the online casework adds to navigation, the staff home page and the retention purge."""
