"""Stage 0, sources and readers: where a menu comes from (a file, REV:PATH in git) and the
readers that turn each format into the model."""
