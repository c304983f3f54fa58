"""cleaner: repair books whose text was pulled out of PDFs, with a reviewable change log."""
from .pipeline import Result, clean_book
from .packs import build_config

__all__ = ["clean_book", "build_config", "Result"]
__version__ = "0.1.0"
