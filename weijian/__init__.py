"""weijian (卫健): the work of a township health office in one system."""

__version__ = "0.1.0"
