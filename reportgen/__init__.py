"""reportgen: committee-ready council performance reports from YAML and data files."""

__version__ = "0.1.0"
