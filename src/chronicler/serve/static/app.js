/* chronicler dashboard: timeline chart, offline map and the correction form.
   Plain JavaScript, no libraries, no network beyond this server. */
"use strict";

const chronicler = (() => {
  const SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function titled(node, text) {
    el("title", {}, node).textContent = text;
    return node;
  }

  function listUrl(params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
    const s = qs.toString();
    return "/" + (s ? "?" + s : "");
  }

  function currentParams() {
    const out = {};
    new URLSearchParams(window.location.search).forEach((v, k) => { if (k !== "offset") out[k] = v; });
    return out;
  }

  // --- filter form: leave empty fields out of the URL ---------------------------

  function filterForm(form) {
    if (!form) return;
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const params = {};
      new FormData(form).forEach((v, k) => { if (String(v).trim() !== "" && !(k === "sort" && v === "newest")) params[k] = String(v).trim(); });
      const path = new URL(form.action, window.location.href).pathname;
      window.location.assign(path + listUrl(params).slice(1));
    });
  }

  // --- timeline -------------------------------------------------------------

  function nextPeriod(period, bucket) {
    if (bucket === "year") return String(Number(period) + 1);
    if (bucket === "month") {
      let [y, m] = period.split("-").map(Number);
      m += 1; if (m > 12) { m = 1; y += 1; }
      return `${y}-${String(m).padStart(2, "0")}`;
    }
    const d = new Date(period + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  function withGaps(series, bucket) {
    // Periods with no incident are drawn as empty slots so time reads evenly.
    if (series.length < 2) return series;
    const byPeriod = new Map(series.map((p) => [p.period, p]));
    const out = [];
    const last = series[series.length - 1].period;
    for (let p = series[0].period; out.length < 2000; p = nextPeriod(p, bucket)) {
      out.push(byPeriod.get(p) || { period: p, count: 0 });
      if (p >= last) break;
    }
    return out;
  }

  function periodRange(period, bucket) {
    // The first and last day a bar covers, to filter the list when it is clicked.
    if (bucket === "day") return [period, period];
    if (bucket === "year") return [period + "-01-01", period + "-12-31"];
    const [y, m] = period.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [period + "-01", period + "-" + String(last).padStart(2, "0")];
  }

  function timeline(container, data) {
    container.textContent = "";
    const series = withGaps((data && data.series) || [], data && data.bucket);
    const note = document.getElementById("timeline-note");
    if (note) note.textContent = series.length ? "per " + data.bucket + (data.undated ? " · " + data.undated + " undated" : "") : "";
    if (!series.length) {
      container.innerHTML = '<p class="muted">No dated incidents to chart.</p>';
      return;
    }
    const W = 900, H = 160, padL = 36, padB = 22, padT = 8;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img" }, container);
    const max = Math.max(...series.map((p) => p.count));
    const step = (W - padL - 4) / series.length;
    const barW = Math.max(1, step * 0.8);
    const y = (v) => H - padB - (v / max) * (H - padB - padT);
    el("line", { x1: padL, x2: W, y1: H - padB, y2: H - padB, class: "axis" }, svg);
    for (const tick of new Set([0, Math.ceil(max / 2), max])) {
      el("text", { x: padL - 4, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, svg).textContent = tick;
    }
    const labelEvery = Math.max(1, Math.ceil(series.length / 10));
    const params = currentParams();
    series.forEach((p, k) => {
      const x = padL + k * step + (step - barW) / 2;
      const [from, to] = periodRange(p.period, data.bucket);
      if (k % labelEvery === 0) {
        el("text", { x: x + barW / 2, y: H - 6, class: "tick", "text-anchor": "middle" }, svg).textContent = p.period;
      }
      if (!p.count) return;
      const link = el("a", { href: listUrl({ ...params, date_from: from, date_to: to }), class: "bar-link" }, svg);
      const bar = el("rect", { x, y: y(p.count), width: barW, height: H - padB - y(p.count), class: "bar" }, link);
      titled(bar, `${p.period}: ${p.count} incident${p.count === 1 ? "" : "s"}`);
    });
  }

  // --- map ------------------------------------------------------------------

  const MX_ABBR = {
    "Aguascalientes": "AGS", "Baja California": "BC", "Baja California Sur": "BCS", "Campeche": "CAMP",
    "Chiapas": "CHIS", "Chihuahua": "CHIH", "Coahuila": "COAH", "Colima": "COL", "Durango": "DGO",
    "Guanajuato": "GTO", "Guerrero": "GRO", "Hidalgo": "HGO", "Jalisco": "JAL", "Mexico": "MEX",
    "Mexico City": "CDMX", "Michoacan": "MICH", "Morelos": "MOR", "Nayarit": "NAY", "Nuevo Leon": "NL",
    "Oaxaca": "OAX", "Puebla": "PUE", "Queretaro": "QRO", "Quintana Roo": "QROO", "San Luis Potosi": "SLP",
    "Sinaloa": "SIN", "Sonora": "SON", "Tabasco": "TAB", "Tamaulipas": "TAMPS", "Tlaxcala": "TLAX",
    "Veracruz": "VER", "Yucatan": "YUC", "Zacatecas": "ZAC",
  };
  const SMALL_STATES = new Set(["Mexico City", "Tlaxcala", "Morelos", "Aguascalientes", "Colima", "Mexico", "Queretaro", "Hidalgo"]);

  async function map(container, points, params) {
    let base;
    try {
      const res = await fetch("/static/basemap.json");
      base = await res.json();
    } catch (err) {
      container.innerHTML = '<p class="muted">The basemap could not be loaded.</p>';
      return;
    }
    container.textContent = "";
    const kx = base.projection.kx;
    const svg = el("svg", { class: "map-svg", role: "img", "aria-label": "incident map" }, container);
    const world = el("g", {}, svg);
    const land = el("g", { class: "land" }, world);
    for (const c of base.countries) {
      titled(el("path", { d: c.d, class: "country c-" + c.iso3, "data-iso3": c.iso3 }, land), c.name);
    }
    const states = el("g", { class: "states" }, world);
    for (const [iso3, s] of Object.entries(base.states)) {
      const g = el("g", { class: "state-set s-" + iso3 }, states);
      for (const r of s.regions) {
        const link = el("a", { href: listUrl({ ...params, country: iso3, admin1: r.admin1 || r.name }) }, g);
        titled(el("path", { d: r.d, class: "state", "data-name": r.name }, link), r.name);
      }
      el("path", { d: s.borders, class: "state-borders" }, g);
    }
    const outlines = el("g", { class: "outlines" }, world);
    for (const c of base.countries) el("path", { d: c.d, class: "outline" }, outlines);
    const labels = el("g", { class: "labels" }, world);
    for (const r of (base.states.MEX || { regions: [] }).regions) {
      const t = el("text", { x: r.label[0], y: r.label[1], class: "state-label" + (SMALL_STATES.has(r.name) ? " small" : "") }, labels);
      t.textContent = MX_ABBR[r.name] || r.name;
    }
    const dots = el("g", { class: "dots" }, world);
    const maxCount = Math.max(1, ...points.map((p) => p.count));
    for (const p of points) {
      const r = 0.15 + 0.35 * Math.sqrt(p.count / maxCount);
      const where = [p.place, p.admin1, p.country].filter(Boolean).join(", ");
      const link = el("a", { href: listUrl({ ...params, country: p.country || "", admin1: p.admin1 || "" }) }, dots);
      titled(el("circle", { cx: p.lon * kx, cy: -p.lat, r, class: "dot", "data-count": p.count, "data-r": r }, link),
        `${where || p.lat + ", " + p.lon}: ${p.count} incident${p.count === 1 ? "" : "s"}` + (p.killed ? `, ${p.killed} killed` : ""));
    }
    // Start on Mexico (the beat), widened to take in every dot.
    let [x0, y0, x1, y1] = [-118.5 * kx, -33.0, -86.0 * kx, -14.0];
    for (const p of points) {
      x0 = Math.min(x0, p.lon * kx - 1); x1 = Math.max(x1, p.lon * kx + 1);
      y0 = Math.min(y0, -p.lat - 1); y1 = Math.max(y1, -p.lat + 1);
    }
    const view = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    const startW = view.w;
    const circles = Array.from(dots.querySelectorAll("circle"));
    const apply = () => {
      svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
      svg.style.setProperty("--zoom", (view.w / 30).toFixed(3));
      // Dots keep their size on screen when zooming (grow only a little when close).
      const k = Math.pow(view.w / startW, 0.8);
      for (const c of circles) c.setAttribute("r", (Number(c.dataset.r) * k).toFixed(3));
    };
    apply();
    panZoom(svg, view, apply);
  }

  function panZoom(svg, view, apply) {
    svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const f = ev.deltaY > 0 ? 1.2 : 1 / 1.2;
      const box = svg.getBoundingClientRect();
      const mx = view.x + ((ev.clientX - box.left) / box.width) * view.w;
      const my = view.y + ((ev.clientY - box.top) / box.height) * view.h;
      view.x = mx - (mx - view.x) * f; view.y = my - (my - view.y) * f;
      view.w *= f; view.h *= f;
      apply();
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false }; });
    svg.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const box = svg.getBoundingClientRect();
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      view.x = drag.vx - (dx / box.width) * view.w;
      view.y = drag.vy - (dy / box.height) * view.h;
      apply();
    });
    svg.addEventListener("click", (ev) => { if (drag && drag.moved) ev.preventDefault(); drag = null; }, true);
    window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  }

  // --- correction form ---------------------------------------------------------

  const TOKEN_KEY = "chronicler.token";

  function correctionForm(form) {
    if (!form) return;
    const token = form.querySelector("#c-token");
    const remember = form.querySelector("#c-remember");
    const result = form.querySelector("#c-result");
    const saved = window.localStorage.getItem(TOKEN_KEY);
    if (saved) { token.value = saved; remember.checked = true; }
    const action = form.querySelector("#c-action");
    const target = form.querySelector("#c-target");
    const toggle = () => {
      const kind = target.value.split(":")[0];
      for (const opt of action.options) {
        opt.disabled = Boolean(opt.dataset.only) && opt.dataset.only !== kind;
      }
      if (action.selectedOptions[0].disabled) action.value = "edit";
      const editing = action.value === "edit";
      form.querySelector("#c-field").disabled = !editing;
      form.querySelector("#c-value").disabled = !editing;
    };
    action.addEventListener("change", toggle);
    target.addEventListener("change", toggle);
    toggle();
    // "correct this claim" links pick the claim as the target and open the form.
    for (const link of document.querySelectorAll(".correct-claim")) {
      link.addEventListener("click", () => {
        target.value = "event:" + link.dataset.event;
        document.getElementById("correct-details").open = true;
        toggle();
      });
    }
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const payload = {};
      if (action.value === "edit") {
        payload.field = form.querySelector("#c-field").value;
        payload.value = form.querySelector("#c-value").value.trim();
      }
      const [kind, id] = target.value.split(/:(.*)/s);
      const body = {
        target_kind: kind, target_id: id, action: action.value, payload,
        author: form.querySelector("#c-author").value.trim(), note: form.querySelector("#c-note").value.trim() || null,
      };
      if (remember.checked) window.localStorage.setItem(TOKEN_KEY, token.value);
      else window.localStorage.removeItem(TOKEN_KEY);
      result.className = "form-result";
      result.textContent = "sending…";
      try {
        const res = await fetch("/api/corrections", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: "Bearer " + token.value },
          body: JSON.stringify(body),
        });
        const data = await res.json().catch(() => ({}));
        if (!res.ok) {
          const msg = (data.error && data.error.message) || (typeof data.detail === "string" ? data.detail : res.statusText);
          result.className = "form-result bad";
          result.textContent = `refused (${res.status}): ${msg}`;
          return;
        }
        result.className = "form-result ok";
        result.textContent = data.applied ? "correction applied" : "correction recorded: " + data.detail;
        // The incident may have a new id after the engine re-merged it: follow it.
        const moved = kind === "incident" && data.incident_id && data.incident_id !== form.dataset.target;
        setTimeout(() => { if (moved) window.location.assign("/incidents/" + data.incident_id); else window.location.reload(); }, 600);
      } catch (err) {
        result.className = "form-result bad";
        result.textContent = "could not reach the server: " + err;
      }
    });
  }

  return { timeline, map, correctionForm, filterForm };
})();
