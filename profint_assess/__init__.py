"""profint-assess: assess a support programme against the PROFINT success-factor model."""

__version__ = "0.1.0"
