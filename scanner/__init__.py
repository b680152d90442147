"""modelorigin: find the AI models a project depends on and what they bring with them."""

__version__ = "0.3.0"
