"""chronicler: a sourced, deduplicated record of events from news reporting.

The small public API (docs/python.md):

    import chronicler
    events = chronicler.extract("Gunmen killed five police officers in Culiacán on Thursday.",
                                published="2026-03-12")
    with chronicler.Store("news.sqlite") as store: ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The subpackage `chronicler.extract` is loaded before the function of the same name is
# bound, so that no later import (of it or of its modules) can put the module back in the
# function's place: the import system sets a package's attribute only when it first loads
# the subpackage.
import chronicler.extract as _extract_stage  # noqa: F401
from chronicler.api import default_pipeline
from chronicler.api import extract as _extract_function
from chronicler.version import __version__

extract = _extract_function

if TYPE_CHECKING:
    from chronicler.store import Store

__all__ = ["PIPELINE_VERSION", "Store", "__version__", "default_pipeline", "extract"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import chronicler` stays cheap: the store pulls in SQLAlchemy, the version
    # hashes the extraction code.
    if name == "Store":
        from chronicler.store import Store

        return Store
    if name == "PIPELINE_VERSION":
        from chronicler.version import pipeline_version

        return pipeline_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
