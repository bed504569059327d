"""smartling-context-action: Smartling strings and screenshot context from pull requests."""

__version__ = "0.1.0"
