"""docgen: official Vietnamese administrative documents (Decree 30/2020/NĐ-CP) from data."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``__version__`` on demand: importlib.metadata costs 20 ms a command does not need."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("docgen")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+src"
