// One sweep: its counts, its configurations (pick two to compare, or more to rank), its results table (sortable,
// filterable, paged on the server, CSV of the view) and its failed jobs with their errors. Live: a change of counts
// on the server's stream reloads what is shown.
"use strict";
const [, sweep] = pathParts();
const base = `/api/sweeps/${encodeURIComponent(sweep)}`;
header([["sweeps", "/"], [sweep, null]]);

const params = new URLSearchParams(location.search);
const view = { filters: params.getAll("filter"), sort: params.get("sort") || "", page: Number(params.get("page") || 1), size: 50 };
let overview = null;
let lastCounts = "";

function query(extra) {
  const q = new URLSearchParams();
  for (const f of view.filters) q.append("filter", f);
  if (view.sort) q.set("sort", view.sort);
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  return q;
}

function remember() {
  const q = query(view.page > 1 ? { page: view.page } : {});
  history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : ""));
}

function skeleton() {
  fill($("main"), 
    el("h1", {}, "Sweep " + sweep),
    el("div", { id: "counts", class: "cards" }),
    el("div", { id: "actions", class: "toolbar" }),
    el("h2", {}, "Configurations"),
    el("div", { class: "toolbar" },
       el("button", { id: "compare", class: "primary", onclick: compareSelected }, "Compare selected"),
       el("span", { class: "muted" }, "two: paired comparison; three or more of one task: Friedman ranking"),
       el("a", { href: `${base}/configurations?format=csv` }, "CSV")),
    el("div", { id: "configurations", class: "scroll" }),
    el("h2", {}, "Results"),
    el("div", { class: "toolbar" },
       el("input", { id: "filter", type: "text", placeholder: "filters, ';' between: metrics.f1>0.5; settings.algorithm.rank=8; status=failed; track~01",
                     value: view.filters.join("; "), onkeydown: (e) => { if (e.key === "Enter") applyFilter(); } }),
       el("button", { id: "apply-filter", onclick: applyFilter }, "Filter"),
       el("span", { id: "results-count", class: "muted" }),
       el("a", { id: "csv", href: "#" }, "CSV of this view"), el("a", { id: "parquet", href: "#" }, "Parquet")),
    el("div", { id: "results", class: "scroll" }),
    el("div", { class: "toolbar" },
       el("button", { id: "previous", onclick: () => turn(-1) }, "‹ previous"), el("span", { id: "page" }),
       el("button", { id: "next", onclick: () => turn(1) }, "next ›")),
    el("h2", {}, "Failed jobs"),
    el("div", { id: "failed" }));
}

function applyFilter() {
  view.filters = $("filter").value.split(";").map((f) => f.trim()).filter(Boolean);
  view.page = 1;
  loadResults();
}

function turn(delta) { view.page = Math.max(1, view.page + delta); loadResults(); }

function sortBy(key) { view.sort = key; view.page = 1; loadResults(); }

function compareSelected() {
  const points = [...document.querySelectorAll("input.pick:checked")].map((c) => c.value);
  if (points.length === 2) location.href = `${sweepHref(sweep)}/compare?a=${points[0]}&b=${points[1]}`;
  else if (points.length > 2) location.href = `${sweepHref(sweep)}/ranking?points=${points.join(",")}`;
  else location.href = `${sweepHref(sweep)}/ranking`;
}

function headlineOf(task) { return overview.tasks.find((t) => t.task === task)?.headline?.metric; }

async function loadOverview() {
  overview = await api(base);
  const c = overview.counts;
  lastCounts = `${c.succeeded}/${c.failed}/${c.running}/${c.pending}`;
  const card = (label, value, cls) => el("div", { class: "card " + (cls || "") }, el("b", { id: "count-" + label }, String(value)), label);
  fill($("counts"), card("total", c.succeeded + c.failed + c.running + c.pending), card("succeeded", c.succeeded, "status-succeeded"),
    card("failed", c.failed, "status-failed"), card("running", c.running, "status-running"), card("pending", c.pending),
    el("div", { class: "card" }, el("b", {}, overview.tasks.map((t) => t.task).join(" + ")),
       overview.tasks.map((t) => t.headline ? `${t.task} ranked by ${t.headline.metric} (${t.headline.direction === "lowerIsBetter" ? "lower" : "higher"} is better)` : t.task).join("; ")));
  const columns = [
    { label: "", cell: (r) => el("td", {}, el("input", { type: "checkbox", class: "pick", value: r.point })) },
    { label: "#", num: true, cell: (r) => String(r.point) },
    { label: "configuration", cell: (r) => el("a", { href: `${sweepHref(sweep)}/configurations/${r.point}` }, r.configuration) },
    { label: "task", cell: (r) => r.task },
    { label: "jobs", num: true, cell: (r) => String(r.jobs) },
    { label: "succeeded", num: true, cell: (r) => String(r.succeeded) },
    { label: "failed", num: true, cell: (r) => String(r.failed) },
    { label: "headline (mean)", num: true, cell: (r) => { const m = headlineOf(r.task); return m ? `${m} ${num(r.means[m])}` : "–"; } },
    { label: "mean time", num: true, cell: (r) => seconds(r.meanSeconds) },
  ];
  fill($("configurations"), table(columns, overview.configurations));
}

async function loadResults() {
  remember();
  $("csv").href = `${base}/results?${query({ format: "csv" })}`;
  $("parquet").href = `${base}/results?${query({ format: "parquet" })}`;
  try {
    const page = await api(`${base}/results?${query({ page: view.page, size: view.size })}`);
    const metrics = [...new Set(overview.tasks.flatMap((t) => t.metrics))].sort();
    const columns = [
      { label: "#", key: "point", num: true, cell: (r) => String(r.point) },
      { label: "track", key: "track", cell: (r) => el("a", { href: `${sweepHref(sweep)}/jobs/${encodeURIComponent(r.jobId)}` }, r.track) },
      { label: "status", key: "status", cell: (r) => statusCell(r.status) },
      ...overview.settingKeys.map((k) => ({ label: k, key: "settings." + k, cell: (r) => r.settings[k] ?? "" })),
      ...metrics.map((m) => ({ label: m, key: "metrics." + m, num: true, cell: (r) => num(r.metrics[m]) })),
      { label: "total", key: "total_s", num: true, cell: (r) => r.status === "succeeded" ? seconds(r.totalSeconds) : "–" },
      { label: "host", key: "host", cell: (r) => r.host },
    ];
    fill($("results"), table(columns, page.rows, view.sort, sortBy));
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    $("results-count").textContent = `${page.total} row${page.total === 1 ? "" : "s"}`;
    $("page").textContent = `page ${page.page} of ${pages}`;
    $("previous").disabled = page.page <= 1;
    $("next").disabled = page.page >= pages;
  } catch (e) {
    showError("results", e);
  }
}

async function loadFailed() {
  const page = await api(`${base}/results?filter=status%3Dfailed&size=100`);
  fill($("failed"), page.total === 0 ? el("p", { class: "muted" }, "None.")
    : table([{ label: "configuration", cell: (r) => r.configuration },
             { label: "track", cell: (r) => el("a", { href: `${sweepHref(sweep)}/jobs/${encodeURIComponent(r.jobId)}` }, r.track) },
             { label: "attempts", num: true, cell: (r) => String(r.attempt) },
             { label: "error", cell: (r) => el("td", { class: "status-failed" }, r.error) }], page.rows));
}

async function loadAll() {
  await loadOverview();
  await Promise.all([loadResults(), loadFailed()]);
}

// Actions go to the grid this server runs beside (run --serve, coordinator --serve), with the token in a header.
async function act(action, question) {
  if (!confirm(question)) return;
  let token = sessionStorage.getItem("nmfgrid-token");
  if (!token) {
    token = prompt("The server's token (printed by nmfgrid when it started):");
    if (!token) return;
  }
  const response = await fetch(`${base}/${action}`, { method: "POST", headers: { "X-NmfGrid-Token": token } });
  const body = await response.json().catch(() => ({}));
  if (response.ok) sessionStorage.setItem("nmfgrid-token", token);
  else if (response.status === 401) sessionStorage.removeItem("nmfgrid-token");
  $("action-result").textContent = response.ok ? `${body.action}: ${body.jobs} job${body.jobs === 1 ? "" : "s"}` : body.error || response.statusText;
  $("action-result").className = response.ok ? "note" : "error";
}

async function loadActions() {
  const server = await api("/api/server");
  if (!server.actions) return;
  fill($("actions"),
       el("button", { id: "cancel-sweep", onclick: () => act("cancel", `Cancel sweep ${sweep}? Its pending and running jobs fail as cancelled.`) }, "Cancel sweep"),
       el("button", { id: "retry-failed", onclick: () => act("retry-failed", `Put the failed jobs of ${sweep} back in the queue?`) }, "Retry failed jobs"),
       el("span", { id: "action-result" }));
}

skeleton();
loadActions().catch(() => {});
loadAll().catch((e) => showError("main", e));
live((sweeps) => {
  const s = sweeps.find((x) => x.id === sweep);
  if (!s) return;
  const counts = `${s.succeeded}/${s.failed}/${s.running}/${s.pending}`;
  if (counts !== lastCounts) {
    lastCounts = counts;
    loadAll().catch(() => {});
  }
});
