"""Evaluation: checks (data in the rules) over resolved models, adjusted by the policy."""
