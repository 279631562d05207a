// The results explorer's shared helpers: the JSON API, element building, number formats, tables, the live stream.
"use strict";

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
  if (!response.ok) throw new Error(body.error || `${response.status}`);
  return body;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}

const $ = (id) => document.getElementById(id);

// Replaces a node's children with these (arrays flattened, strings as text).
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).map((c) => (c instanceof Node ? c : document.createTextNode(c ?? ""))));
}

// Four decimals, small values in exponent form (as summary.md writes them: ReportNumbers.Plain / PValue).
function num(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(3).replace(/\.?0+e/, "e");
  return String(Math.round(x * 1e4) / 1e4);
}
function signed(x) { return x === null || x === undefined ? "–" : x > 0 ? "+" + num(x) : x === 0 ? "0" : num(x); }
function pvalue(p) {
  if (p === null || p === undefined) return "–";
  if (p !== 0 && p < 1e-4) return p.toExponential(2).replace(/\.?0+e/, "e");
  return String(Math.round(p * 1e4) / 1e4);
}
function seconds(s) { return s === null || s === undefined ? "–" : s < 10 ? s.toFixed(2) + " s" : s.toFixed(1) + " s"; }

function pathParts() { return location.pathname.split("/").filter(Boolean).map(decodeURIComponent); }
function sweepHref(id) { return `/sweeps/${encodeURIComponent(id)}`; }

function statusCell(status) { return el("td", { class: "status-" + status }, status); }

function bar(fraction) { return el("span", { class: "bar" }, el("span", { style: `width:${(100 * fraction).toFixed(1)}%` })); }

// columns: [{ label, key (sort field or null), cell: row => Node|string, num: bool }]
function table(columns, rows, sort, onSort) {
  const head = el("tr", {}, columns.map((c) => {
    const sorted = sort && c.key && sort.replace(/^-/, "") === c.key ? (sort.startsWith("-") ? "sorted-desc" : "sorted-asc") : "";
    return el("th", { class: [c.key && onSort ? "sortable" : "", sorted].join(" ").trim() || null, "data-key": c.key,
                      onclick: c.key && onSort ? () => onSort(sort === c.key ? "-" + c.key : c.key) : null }, c.label);
  }));
  const body = rows.map((r) => el("tr", {}, columns.map((c) => {
    const v = c.cell(r);
    return v instanceof Node && v.tagName === "TD" ? v : el("td", { class: c.num ? "num" : null }, v);
  })));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, body));
}

function showError(where, error) {
  const node = $(where);
  fill(node, el("p", { class: "error" }, String(error.message || error)));
}

// The server's live stream: onSweeps(list) on every change of counts; the header's dot says whether it is connected.
function live(onSweeps) {
  const indicator = $("live");
  const source = new EventSource("/api/events");
  source.addEventListener("open", () => { if (indicator) { indicator.classList.add("on"); indicator.textContent = "live"; } });
  source.addEventListener("error", () => { if (indicator) { indicator.classList.remove("on"); indicator.textContent = "reconnecting…"; } });
  source.addEventListener("sweeps", (e) => onSweeps(JSON.parse(e.data)));
  source.addEventListener("database", (e) => { if (indicator) indicator.textContent = "database: " + JSON.parse(e.data).error; });
  return source;
}

function header(crumbs) {
  const nav = el("span", { class: "crumbs" }, crumbs.map(([text, href], i) => [i ? " / " : "", href ? el("a", { href }, text) : text]));
  document.body.prepend(el("header", {}, el("a", { href: "/" }, "nmfgrid results"), nav, el("span", { id: "live", class: "live" }, "")));
}

const plotConfig = { displaylogo: false, responsive: true };

// The divergence a configuration's loss is measured in: β of its algorithm section (the NMF default is 2, the
// Frobenius loss). One chart shows one configuration, so never two divergences on one axis.
function divergence(configJson) {
  let beta = null;
  try { beta = JSON.parse(configJson || "{}")?.algorithm?.beta ?? null; } catch { beta = null; }
  if (beta === null) return configJson ? "loss (β = 2, the default)" : "loss";
  const name = beta === 2 ? "Frobenius" : beta === 1 ? "Kullback–Leibler" : beta === 0 ? "Itakura–Saito" : "β-divergence";
  return `loss: ${name} (β = ${beta})`;
}

// Loss per iteration, one line per job, on a log axis (losses fall over decades); non-positive values are left out.
function lossChart(node, curves, axisTitle) {
  const traces = curves.map((c) => ({
    type: "scatter", mode: "lines", name: c.track, x: c.loss.map((_, i) => i + 1),
    y: c.loss.map((v) => (v !== null && v > 0 ? v : null)), hovertemplate: `${c.track}<br>iteration %{x}: %{y}<extra></extra>`,
  }));
  Plotly.newPlot(node, traces, {
    margin: { l: 70, r: 20, t: 20, b: 45 }, showlegend: curves.length <= 12, legend: { font: { size: 11 } },
    xaxis: { title: { text: "iteration" } }, yaxis: { title: { text: axisTitle }, type: "log" },
  }, plotConfig);
}

// W (bins × components) and H (components × frames) of one job's preview as two heatmaps.
function factorCharts(wNode, hNode, f) {
  const common = { type: "heatmap", colorscale: "Viridis", showscale: true, colorbar: { thickness: 10 } };
  Plotly.newPlot(wNode, [{ ...common, z: f.w, hovertemplate: "bin %{y}, component %{x}: %{z}<extra></extra>" }],
    { title: { text: `W (${f.rows} bins × ${f.rank})`, font: { size: 14 } }, margin: { l: 50, r: 10, t: 40, b: 40 },
      xaxis: { title: { text: "component" } }, yaxis: { title: { text: "frequency bin (downsampled)" } } }, plotConfig);
  Plotly.newPlot(hNode, [{ ...common, z: f.h, hovertemplate: "component %{y}, frame %{x}: %{z}<extra></extra>" }],
    { title: { text: `H (${f.rank} × ${f.columns} frames)`, font: { size: 14 } }, margin: { l: 50, r: 10, t: 40, b: 40 },
      xaxis: { title: { text: "frame (downsampled)" } }, yaxis: { title: { text: "component" } } }, plotConfig);
}
