"""briefbot: cited answers from council papers, offline, in the terminal."""

__version__ = "0.1.0"
