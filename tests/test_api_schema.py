"""Property-based run of the OpenAPI document (schemathesis): no input makes the server fail.

Every operation (ours and any router included in the app, e.g. exports and watchlists)
gets a handful of generated requests, valid and invalid; no response may be a 5xx.
(Response-schema conformance is not checked: records carry naive UTC datetimes, which
JSON Schema's strict `date-time` format rejects.)
"""

from __future__ import annotations

import atexit
import tempfile
import warnings
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from chronicler.store import Store
from tests.serve_data import fill_store

warnings.filterwarnings("ignore", module="starlette.testclient")


def _app() -> Any:
    from chronicler.serve.app import create_app

    # schemathesis needs the app when the module loads (parametrisation happens at collection),
    # so the database lives in a temporary folder removed when the process exits.
    folder = tempfile.TemporaryDirectory(prefix="chronicler-fuzz-")
    atexit.register(folder.cleanup)
    db = str(Path(folder.name) / "fuzz.sqlite")
    with Store(db) as store:
        fill_store(store)
    # A token is configured so the write endpoint runs its validation, not only the 403.
    return create_app(db, token="fuzz-token")


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_no_server_errors(case: Any) -> None:
    headers = {"Authorization": "Bearer fuzz-token"} if case.method == "POST" else None
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
