"""salvo: news articles about arms transfers and troop deployments in, a database of claims out."""

__version__ = "0.1.0"
