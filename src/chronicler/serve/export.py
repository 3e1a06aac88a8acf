"""Moved: the export stage is `chronicler.export` (this name stays for existing imports)."""

from chronicler.export import *  # noqa: F403
from chronicler.export import __all__  # noqa: F401
