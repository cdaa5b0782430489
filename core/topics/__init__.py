"""Topics: the taxonomy, the classifiers (offline and by model), the day's digest and its
distribution chart."""
