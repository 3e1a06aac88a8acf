"""The export stage: incidents or events as CSV (ACLED-style), JSONL, GeoJSON, Parquet or
PLOVER JSON, streamed in batches through the store's query layer.

- `columns`: the flat columns and their types (defined once);
- `acled`: the PLOVER -> ACLED crosswalk (data/crosswalk/), the status rule, actor codes;
- `plover`: PLOVER-style records;
- `redact`: removal of private persons' names;
- `stream`: reading in batches and the writers.

docs/exports.md documents the columns, the mapping and the status rule.
"""

from chronicler.export.acled import (
    HAPPENED,
    AcledType,
    acled_codes,
    acled_type,
    country_name,
    flat_row,
    interaction,
)
from chronicler.export.columns import (
    COLUMNS,
    column_names,
    date_columns,
    pandas_dtypes,
    parquet_schema,
)
from chronicler.export.plover import plover_record
from chronicler.export.redact import REDACTED, Redactor
from chronicler.export.stream import (
    ALL_STATUSES,
    DEFAULT_BATCH,
    EXTENSIONS,
    FORMATS,
    MEDIA_TYPES,
    ExportStats,
    check_format,
    export_chunks,
    export_statuses,
    iter_record_batches,
    neutralise,
    write_export,
)

__all__ = [
    "ALL_STATUSES", "COLUMNS", "DEFAULT_BATCH", "EXTENSIONS", "FORMATS", "HAPPENED", "MEDIA_TYPES",
    "REDACTED", "AcledType", "ExportStats", "Redactor", "acled_codes", "acled_type", "check_format", "column_names",
    "country_name", "date_columns", "export_chunks", "export_statuses", "flat_row", "interaction",
    "iter_record_batches", "neutralise", "pandas_dtypes", "parquet_schema", "plover_record",
    "write_export",
]  # fmt: skip
