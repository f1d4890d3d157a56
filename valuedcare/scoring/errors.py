"""Domain errors raised by the pure scoring and benchmarks code."""


class ScoringError(ValueError):
    """Input frames that cannot be scored, with a plain-language message."""
