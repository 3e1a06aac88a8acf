"""Package and pipeline versions.

`PIPELINE_VERSION` changes whenever extraction output could change; `process`
re-extracts every article whose stored events came from another version.
"""

__version__ = "0.1.0"
PIPELINE_VERSION = "2026.11.25-1"
