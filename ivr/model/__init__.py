"""Stage 1, the model: a menu as every reader gives it, format-neutral, every piece located;
the findings analyses report about it and the errors that stop a file from loading."""
