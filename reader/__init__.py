"""reader: read news closely in the terminal — actors, quotes and who said them, and your tags."""

__version__ = "0.1.0"
