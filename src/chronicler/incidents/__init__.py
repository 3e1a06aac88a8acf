"""Incidents: merge event claims from many reports, reconcile them, grade them, and keep
analysts' corrections on top (see docs/incidents.md).

Public API:
- `update_incidents(store) -> str`: incremental update after `process` (one-line summary).
- `rebuild_incidents(store) -> str`: full re-cluster (same result as the incremental path).
- `apply_correction(store, Correction) -> list[Incident]`: store and apply an analyst's correction.
- `incident_history(store, id) -> list[HistoryEntry]`, `find_incident(store, id) -> Incident`.
- `MergeWeights`, `cluster`, `Mention`: the in-memory merge core.
"""

from chronicler.incidents.api import apply_correction, find_incident, incident_history
from chronicler.incidents.features import Mention
from chronicler.incidents.merge import DEFAULT_WEIGHTS, MergeWeights, cluster
from chronicler.incidents.update import rebuild_incidents, update_incidents

__all__ = [
    "DEFAULT_WEIGHTS",
    "Mention",
    "MergeWeights",
    "apply_correction",
    "cluster",
    "find_incident",
    "incident_history",
    "rebuild_incidents",
    "update_incidents",
]
