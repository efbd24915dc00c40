"""Stage 3, the rules: one module per rule (``ivr/rules/<rule_id>.py``), the protocol they follow
(:mod:`ivr.rules.api`), the explicit registry (:mod:`ivr.rules.registry`), and the runner that
stamps each problem with its rule and severity (:mod:`ivr.rules.runner`)."""
