"""Server-side SVG charts for the dashboard: no script, no CDN, readable without JavaScript.

Each function takes the output of `chronicler.store.aggregates` and returns
markup (every text escaped). Colours for statuses and event types are declared
once here; the map's script and the status pills use the same ones.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from chronicler.records import EVENT_TYPES

# Occurred is the ordinary case: a neutral slate, not an alarm red. The hypothetical
# statuses get distinct hues so a claim that something was only considered, threatened
# or denied never reads like the event itself.
STATUS_COLOURS: dict[str, str] = {
    "occurred": "#475467", "ongoing": "#667085", "planned": "#b54708", "considered": "#6941c6",
    "threatened": "#c11574", "not_ruled_out": "#175cd3", "denied": "#0e7c71", "negated": "#3b7c0f",
    "hypothetical": "#7d5a00", "contested": "#c4320a",
}  # fmt: skip
_TYPE_PALETTE = (
    "#1f5fbf", "#c4320a", "#0e7c71", "#6941c6", "#b54708", "#c11574", "#3b7c0f", "#475467",
    "#175cd3", "#9e2a2b", "#5b6b00", "#7d5a00", "#0b6e99", "#8e3fb3", "#a15c07", "#b42318",
)  # fmt: skip
TYPE_COLOURS: dict[str, str] = dict(zip(EVENT_TYPES, _TYPE_PALETTE, strict=True))
OTHER = "#98a2b3"


def colour_for(by: str, value: str | None) -> str:
    table = STATUS_COLOURS if by == "status" else TYPE_COLOURS
    return table.get(value or "", OTHER)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ticks(top: int) -> list[int]:
    if top <= 0:
        return [0]
    step = max(1, top // 4)
    return list(range(0, top + 1, step))[:5]


def fatalities_chart(data: dict[str, Any], top_series: int = 5) -> Markup:
    """Killed per period: the low–high band, the best estimate, and best per status or type."""
    periods = data["periods"]
    if not periods:
        return Markup('<p class="muted">No dated incidents to chart.</p>')
    w, h, left, bottom, top_pad = 900, 240, 48, 26, 10
    total = data["total"]
    peak = max(max(total["high"]), 1)
    step = (w - left - 10) / max(1, len(periods) - 1) if len(periods) > 1 else 0
    x = [left + k * step if len(periods) > 1 else left + (w - left) / 2 for k in range(len(periods))]

    def y(v: float) -> float:
        return h - bottom - v / peak * (h - bottom - top_pad)

    parts = [f'<svg class="chart-svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="fatal-title">',
             '<title id="fatal-title">People killed per period: low to high estimates and best estimate</title>']
    for tick in _ticks(peak):
        parts.append(f'<line class="grid" x1="{left}" x2="{w}" y1="{_n(y(tick))}" y2="{_n(y(tick))}"/>'
                     f'<text class="tick" x="{left - 6}" y="{_n(y(tick) + 4)}" text-anchor="end">{tick}</text>')
    band = [f"{_n(x[k])},{_n(y(total['high'][k]))}" for k in range(len(periods))]
    band += [f"{_n(x[k])},{_n(y(total['low'][k]))}" for k in reversed(range(len(periods)))]
    parts.append(f'<polygon class="band" points="{" ".join(band)}"><title>low–high estimate</title></polygon>')
    best = " ".join(f"{_n(x[k])},{_n(y(v))}" for k, v in enumerate(total["best"]))
    parts.append(f'<polyline class="best" points="{best}"/>')
    for s in _shown(data, top_series):
        pts = " ".join(f"{_n(x[k])},{_n(y(v))}" for k, v in enumerate(s["best"]))
        parts.append(f'<polyline class="series" data-value="{escape(s["value"])}" stroke="{colour_for(data["by"], s["value"])}" '
                     f'points="{pts}"/>')
    every = max(1, len(periods) // 10)
    for k, p in enumerate(periods):
        if k % every == 0:
            parts.append(f'<text class="tick" x="{_n(x[k])}" y="{h - 8}" text-anchor="middle">{escape(p)}</text>')
        lo, be, hi, n = total["low"][k], total["best"][k], total["high"][k], total["incidents"][k]
        half = max(step / 2, 2)
        parts.append(f'<rect class="hover" x="{_n(x[k] - half)}" y="{top_pad}" width="{_n(2 * half)}" '
                     f'height="{h - bottom - top_pad}" data-period="{escape(p)}" data-best="{be}">'
                     f'<title>{escape(p)}: {be} killed (estimates {lo}–{hi}) in {n} incident{"" if n == 1 else "s"}</title></rect>')
    parts.append(f'<line class="axis" x1="{left}" x2="{w}" y1="{h - bottom}" y2="{h - bottom}"/></svg>')
    return Markup("".join(parts))


def fatalities_legend(data: dict[str, Any], top_series: int = 5) -> Markup:
    items = ['<li><span class="swatch band-swatch"></span>low–high estimate</li>',
             '<li><span class="swatch best-swatch"></span>best estimate, all</li>']
    for s in _shown(data, top_series):
        items.append(f'<li><span class="swatch line-swatch" style="background:{colour_for(data["by"], s["value"])}"></span>'
                     f'{escape(str(s["value"]).replace("_", " "))} ({sum(s["best"])})</li>')
    return Markup('<ul class="chart-legend">' + "".join(items) + "</ul>")


def _shown(data: dict[str, Any], n: int) -> list[dict[str, Any]]:
    return [s for s in data["series"] if any(s["best"])][:n]


def bar_list(rows: list[dict[str, Any]], label: str, href: Any, value: str = "count", extra: str | None = None) -> Markup:
    """Horizontal bars as an HTML list (readable, keyboard-reachable links, no script)."""
    if not rows:
        return Markup('<p class="muted">Nothing to count.</p>')
    peak = max(r[value] for r in rows) or 1
    items = []
    for r in rows:
        pct = 100 * r[value] / peak
        note = f"{r[extra]} killed" if extra and r.get(extra) else ""
        items.append(f'<li><a href="{escape(href(r))}"><span class="bar-label">{escape(r[label])}</span>'
                     f'<span class="bar-track"><span class="bar-fill" style="width:{pct:.1f}%"></span></span>'
                     f'<span class="bar-value">{r[value]}</span><span class="bar-note">{note}</span></a></li>')
    return Markup(f'<ol class="bars{" with-notes" if extra else ""}">' + "".join(items) + "</ol>")


def interaction_table(cells: list[dict[str, Any]], limit: int = 8) -> Markup:
    """Actor sector (rows) × recipient sector (columns), shaded by count, counts printed."""
    if not cells:
        return Markup('<p class="muted">No actors to pair.</p>')
    rows = _ranked_axis(cells, "actor_sector", limit)
    cols = _ranked_axis(cells, "recipient_sector", limit)
    counts = {(c["actor_sector"], c["recipient_sector"]): c["count"] for c in cells}
    peak = max(counts.values()) or 1
    head = "".join(f'<th scope="col">{escape(c.replace("_", " "))}</th>' for c in cols)
    body = []
    for r in rows:
        tds = []
        for c in cols:
            n = counts.get((r, c), 0)
            share = n / peak
            # Light cells keep dark text, dark cells white text: both above 4.5:1.
            style = f"background:rgba(31,95,191,{0.08 + 0.87 * share:.2f});" + ("color:#fff;" if share > 0.45 else "")
            tds.append(f'<td class="num" style="{style}">{n or ""}</td>')
        body.append(f'<tr><th scope="row">{escape(r.replace("_", " "))}</th>{"".join(tds)}</tr>')
    return Markup('<table class="matrix"><caption class="muted small">actor sector ↓ · recipient sector →</caption>'
                  f'<thead><tr><td></td>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _ranked_axis(cells: list[dict[str, Any]], key: str, limit: int) -> list[str]:
    totals: dict[str, int] = {}
    for c in cells:
        totals[c[key]] = totals.get(c[key], 0) + c["count"]
    return [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
