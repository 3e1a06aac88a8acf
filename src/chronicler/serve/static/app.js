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
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "group",
      "aria-label": "incidents per " + data.bucket + "; each bar links to the list for its period" }, container);
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
  // The basemap is drawn by the server (first paint shows it); this adds the layers:
  // dots for localities, hatched states and diamonds for incidents known only to a
  // state or a country, a legend, a time range and a panel listing a group's incidents.

  const fold = (s) => String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const label = (v) => String(v).replace(/_/g, " ");
  const PRECISION = { locality: "a town or place with coordinates", admin1: "the state only", country: "the country only" };

  function dominant(by) {
    let best = null;
    for (const [k, n] of Object.entries(by)) if (best === null || n > by[best]) best = k;
    return best;
  }

  function query(params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
    return qs.toString();
  }

  function map(opts) {
    const { svg, palette } = opts;
    const state = { layers: opts.layers, params: { ...opts.params }, colour: opts.layers.colour };
    const kx = Number(svg.querySelector(".land").dataset.kx);
    const areasG = svg.querySelector(".areas");
    const markersG = svg.querySelector(".markers");
    const defs = svg.querySelector("#map-defs");
    const panel = document.getElementById("map-panel");
    const regions = new Map();
    for (const path of svg.querySelectorAll("path.state")) regions.set(path.dataset.iso3 + "|" + fold(path.dataset.admin1), path);
    const countries = new Map();
    for (const path of svg.querySelectorAll("path.country")) countries.set(path.dataset.iso3, path);
    const colourOf = (v) => (palette[state.colour] || {})[v] || palette.other;

    function hatch(colour) {
      const id = "hatch-" + colour.replace("#", "");
      if (!defs.querySelector("#" + id)) {
        const p = el("pattern", { id, width: 0.4, height: 0.4, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, defs);
        el("rect", { width: 0.4, height: 0.4, fill: colour, "fill-opacity": 0.22 }, p);
        el("line", { x1: 0, y1: 0, x2: 0, y2: 0.4, stroke: colour, "stroke-width": 0.09, "stroke-opacity": 0.8 }, p);
      }
      return `url(#${id})`;
    }

    function describe(g) {
      const where = g.level === "locality" ? [g.place, g.admin1, g.country] : g.level === "admin1" ? [g.admin1, g.country] : [g.country];
      return where.filter(Boolean).join(", ") || `${g.lat}, ${g.lon}`;
    }

    function activate(node, g) {
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", `${describe(g)}: ${plural(g.count, "incident")}, located to ${PRECISION[g.level]}`);
      node.classList.add("hit");
      node.addEventListener("click", (ev) => { if (!dragged()) { ev.stopPropagation(); openPanel(g); } });
      node.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openPanel(g); } });
      titled(node, `${describe(g)}: ${plural(g.count, "incident")}${g.killed ? `, ${g.killed} killed` : ""} (${PRECISION[g.level]})`);
    }

    function draw() {
      const L = state.layers;
      areasG.textContent = ""; markersG.textContent = "";
      for (const path of svg.querySelectorAll(".state.area, .country.area")) {
        path.classList.remove("area", "hit"); path.style.fill = ""; path.removeAttribute("tabindex");
        path.removeAttribute("role"); path.removeAttribute("aria-label");
      }
      const maxArea = Math.max(1, ...L.areas.map((a) => a.count));
      for (const a of L.areas) {
        const colour = colourOf(dominant(a.by));
        const region = a.level === "admin1" ? regions.get(a.country + "|" + fold(a.admin1)) : null;
        if (region) {
          // A copy on top of the state, so the original keeps its own title and border.
          const shade = el("path", { d: region.getAttribute("d"), class: "area-shade", fill: hatch(colour),
            "fill-opacity": (0.35 + 0.5 * Math.sqrt(a.count / maxArea)).toFixed(2), "data-level": "admin1",
            "data-admin1": a.admin1, "data-country": a.country || "", "data-count": a.count, "data-key": dominant(a.by) }, areasG);
          activate(shade, a);
        } else if (a.lat !== null && a.lon !== null) {
          const s = 0.45 + 0.5 * Math.sqrt(a.count / maxArea);
          const d = el("rect", { x: -s / 2, y: -s / 2, width: s, height: s, class: "diamond", fill: colour,
            transform: `translate(${(a.lon * kx).toFixed(3)} ${(-a.lat).toFixed(3)}) rotate(45)`, "data-size": s,
            "data-level": a.level, "data-country": a.country || "", "data-admin1": a.admin1 || "", "data-count": a.count,
            "data-key": dominant(a.by) }, markersG);
          activate(d, a);
        }
      }
      const maxCount = Math.max(1, ...L.points.map((p) => p.count));
      for (const p of L.points) {
        const r = 0.12 + 0.33 * Math.sqrt(p.count / maxCount);
        const c = el("circle", { cx: (p.lon * kx).toFixed(3), cy: (-p.lat).toFixed(3), r, class: "dot", fill: colourOf(dominant(p.by)),
          "data-r": r, "data-level": "locality", "data-count": p.count, "data-key": dominant(p.by), "data-place": p.place || "" }, markersG);
        activate(c, p);
      }
      legend();
      const located = L.points.reduce((n, p) => n + p.count, 0) + L.areas.reduce((n, a) => n + a.count, 0);
      const count = document.getElementById("map-count");
      if (count) count.textContent = plural(located, "located incident") + (L.unlocated ? `, ${L.unlocated} without a place` : "")
        + (L.points_dropped ? ` (${L.points_dropped} smallest dots left out)` : "");
      rescale();
    }

    function legend() {
      const box = document.getElementById("legend");
      if (!box) return;
      box.textContent = "";
      const title = document.createElement("p");
      title.className = "muted small";
      title.textContent = "colour: the most frequent " + (state.colour === "status" ? "status" : "type") + " of each group";
      box.appendChild(title);
      const ul = document.createElement("ul");
      ul.className = "legend-keys";
      for (const k of state.layers.keys) {
        const li = document.createElement("li");
        li.dataset.key = k.value;
        const sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.background = colourOf(k.value);
        li.append(sw, `${label(k.value)} `);
        const n = document.createElement("span");
        n.className = "count";
        n.textContent = k.count;
        li.appendChild(n);
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }

    async function openPanel(g) {
      const params = { ...state.params, level: g.level, decimals: state.layers.decimals };
      // The group's own country and state are also list filters: the same names, the same meaning.
      if (g.level === "locality") { params.lat = g.lat; params.lon = g.lon; }
      else { params.country = g.country || ""; params.admin1 = g.admin1 || ""; }
      panel.innerHTML = "";
      const h = document.createElement("h2");
      h.textContent = describe(g);
      const meta = document.createElement("p");
      meta.className = "muted";
      meta.textContent = `${plural(g.count, "incident")}${g.killed ? ", " + g.killed + " killed" : ""} · located to ${PRECISION[g.level]}`;
      const by = document.createElement("p");
      by.className = "small";
      by.textContent = Object.entries(g.by).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${label(k)} ${n}`).join(" · ");
      panel.append(h, meta, by);
      try {
        const res = await fetch("/api/map/incidents?" + query({ ...params, limit: 20 }));
        const data = await res.json();
        if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
        const ol = document.createElement("ol");
        ol.className = "panel-list";
        for (const i of data.items) {
          const li = document.createElement("li");
          const a = document.createElement("a");
          a.href = "/incidents/" + encodeURIComponent(i.id);
          a.textContent = `${i.date_start || "undated"} ${i.event_type}${i.mode ? "/" + i.mode : ""}`;
          li.append(a, ` ${label(i.status)} · ${[i.actor_name, i.recipient_name].filter(Boolean).join(" → ") || "—"}`);
          ol.appendChild(li);
        }
        panel.appendChild(ol);
        if (data.total > data.items.length) {
          const more = document.createElement("p");
          more.className = "muted small";
          more.textContent = `… and ${data.total - data.items.length} more.`;
          panel.appendChild(more);
        }
        if (g.country) {
          const link = document.createElement("a");
          link.href = listUrl({ ...state.params, country: g.country, admin1: g.admin1 || "" });
          link.textContent = g.admin1 ? `All incidents in ${g.admin1} in the list` : `All incidents in ${g.country} in the list`;
          link.className = "panel-all";
          panel.appendChild(link);
        }
      } catch (err) {
        const p = document.createElement("p");
        p.className = "form-result bad";
        p.textContent = "Could not list the incidents: " + err.message;
        panel.appendChild(p);
      }
    }

    // --- view: pan, zoom, labels that never overlap ---------------------------
    const start = svg.getAttribute("viewBox").split(/\s+/).map(Number);
    const view = { x: start[0], y: start[1], w: start[2], h: start[3] };
    const startW = view.w;
    const labels = Array.from(svg.querySelectorAll(".state-label")).sort((a, b) => b.dataset.weight - a.dataset.weight);

    function rescale() {
      svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
      svg.style.setProperty("--zoom", (view.w / 30).toFixed(3));
      const k = Math.pow(view.w / startW, 0.8);
      for (const c of markersG.querySelectorAll("circle")) c.setAttribute("r", (Number(c.dataset.r) * k).toFixed(3));
      for (const d of markersG.querySelectorAll("rect.diamond")) {
        const s = Number(d.dataset.size) * k;
        d.setAttribute("x", (-s / 2).toFixed(3)); d.setAttribute("y", (-s / 2).toFixed(3));
        d.setAttribute("width", s.toFixed(3)); d.setAttribute("height", s.toFixed(3));
      }
      cullLabels();
    }

    function cullLabels() {
      // Greedy: bigger states first; a label that would overlap one already shown is hidden.
      const size = 0.6 * (view.w / 30) * 1.2;
      const placed = [];
      for (const t of labels) {
        const w = t.textContent.length * size * 0.62, h = size;
        const x = Number(t.getAttribute("x")) - w / 2, y = Number(t.getAttribute("y")) - h;
        const clash = placed.some((b) => x < b.x + b.w && b.x < x + w && y < b.y + b.h && b.y < y + h);
        const inside = x + w > view.x && x < view.x + view.w && y + h > view.y && y < view.y + view.h;
        t.classList.toggle("hidden", clash || !inside);
        if (!clash && inside) placed.push({ x, y, w, h });
      }
    }

    function zoom(f, cx, cy) {
      const mx = cx === undefined ? view.x + view.w / 2 : cx, my = cy === undefined ? view.y + view.h / 2 : cy;
      view.x = mx - (mx - view.x) * f; view.y = my - (my - view.y) * f;
      view.w *= f; view.h *= f;
      rescale();
    }

    let drag = null;
    const dragged = () => Boolean(drag && drag.moved);
    svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const box = svg.getBoundingClientRect();
      zoom(ev.deltaY > 0 ? 1.2 : 1 / 1.2, view.x + ((ev.clientX - box.left) / box.width) * view.w,
        view.y + ((ev.clientY - box.top) / box.height) * view.h);
    }, { passive: false });
    svg.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false }; });
    svg.addEventListener("pointermove", (ev) => {
      if (!drag || !(ev.buttons & 1)) return;
      const box = svg.getBoundingClientRect();
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      view.x = drag.vx - (dx / box.width) * view.w;
      view.y = drag.vy - (dy / box.height) * view.h;
      rescale();
    });
    window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
    svg.addEventListener("keydown", (ev) => {
      if (ev.target !== svg) return;
      const step = view.w / 10;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[ev.key]) { view.x += moves[ev.key][0]; view.y += moves[ev.key][1]; rescale(); ev.preventDefault(); }
      else if (ev.key === "+" || ev.key === "=") { zoom(1 / 1.3); ev.preventDefault(); }
      else if (ev.key === "-") { zoom(1.3); ev.preventDefault(); }
    });
    for (const b of document.querySelectorAll("[data-zoom]")) {
      b.addEventListener("click", () => {
        if (b.dataset.zoom === "in") zoom(1 / 1.3);
        else if (b.dataset.zoom === "out") zoom(1.3);
        else { [view.x, view.y, view.w, view.h] = start; rescale(); }
      });
    }

    // --- filters without reloading: colour and time range -----------------------
    async function reload() {
      const params = { ...state.params, colour: state.colour };
      try {
        const res = await fetch("/api/map/layers?" + query(params));
        const data = await res.json();
        if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
        state.layers = data;
        draw();
        syncLinks();
      } catch (err) {
        panel.textContent = "Could not redraw the map: " + err.message;
      }
    }

    function syncLinks() {
      const page = { ...state.params, colour: state.colour === "status" ? "" : state.colour };
      history.replaceState(null, "", "/map" + (query(page) ? "?" + query(page) : ""));
      const list = document.getElementById("list-link");
      if (list) list.href = listUrl(state.params);
      for (const a of document.querySelectorAll("a.download")) {
        const url = new URL(a.href, window.location.href);
        for (const k of ["date_from", "date_to"]) {
          if (state.params[k]) url.searchParams.set(k, state.params[k]); else url.searchParams.delete(k);
        }
        a.href = url.pathname + url.search;
      }
    }

    const colourSelect = document.getElementById("colour");
    if (colourSelect) colourSelect.addEventListener("change", () => { state.colour = colourSelect.value; reload(); });
    timeRange(opts.timeline, state, reload);
    draw();
  }

  function timeRange(timeline, state, reload) {
    const months = withGaps(timeline.series || [], "month");
    const from = document.getElementById("range-from"), to = document.getElementById("range-to");
    const out = document.getElementById("range-label"), hist = document.getElementById("time-histogram");
    if (!from || !months.length) { if (out) out.textContent = "no dated incidents"; return; }
    for (const input of [from, to]) { input.max = months.length - 1; }
    const idx = (date, fallback) => {
      if (!date) return fallback;
      const k = months.findIndex((m) => m.period === date.slice(0, 7));
      return k < 0 ? fallback : k;
    };
    from.value = idx(state.params.date_from, 0);
    to.value = idx(state.params.date_to, months.length - 1);
    const max = Math.max(1, ...months.map((m) => m.count));
    hist.textContent = "";
    const svgH = el("svg", { viewBox: `0 0 ${months.length} 20`, preserveAspectRatio: "none", class: "hist-svg" }, hist);
    const bars = months.map((m, k) => el("rect", { x: k + 0.1, width: 0.8, y: 20 - (20 * m.count) / max, height: (20 * m.count) / max, class: "hist-bar" }, svgH));
    const show = () => {
      const a = Math.min(from.value, to.value), b = Math.max(from.value, to.value);
      bars.forEach((r, k) => r.classList.toggle("off", k < a || k > b));
      out.textContent = `${months[a].period} to ${months[b].period}`;
      return [a, b];
    };
    show();
    let timer = null;
    const changed = () => {
      const [a, b] = show();
      const all = a === 0 && b === months.length - 1;
      state.params.date_from = all ? "" : periodRange(months[a].period, "month")[0];
      state.params.date_to = all ? "" : periodRange(months[b].period, "month")[1];
      clearTimeout(timer);
      timer = setTimeout(reload, 150);
    };
    from.addEventListener("input", changed);
    to.addEventListener("input", changed);
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
