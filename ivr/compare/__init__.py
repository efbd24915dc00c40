"""Two versions of a menu compared: nodes, findings, simulated intents, regressions."""
