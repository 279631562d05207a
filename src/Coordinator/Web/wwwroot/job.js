// One job: its metrics, timings, backend, host, worker and error.
"use strict";
const [, sweep, , job] = pathParts();
header([["sweeps", "/"], [sweep, sweepHref(sweep)], ["job " + job, null]]);

api(`/api/sweeps/${encodeURIComponent(sweep)}/jobs/${encodeURIComponent(job)}`).then((r) => {
  const kv = (pairs) => el("table", {}, el("tbody", {}, pairs.map(([k, v]) => el("tr", {}, el("th", {}, k), v instanceof Node ? v : el("td", {}, String(v))))));
  const metrics = Object.entries(r.metrics).sort(([a], [b]) => a.localeCompare(b));
  fill($("main"), 
    el("h1", {}, `${r.configuration} · ${r.track}`),
    kv([["status", statusCell(r.status)], ["sweep", el("td", {}, el("a", { href: sweepHref(r.sweepId) }, r.sweepId))],
        ["configuration", el("td", {}, el("a", { href: `${sweepHref(r.sweepId)}/configurations/${r.point}` }, `${r.point}: ${r.configuration}`))],
        ["task", r.task], ["track", r.track], ["job id", r.jobId], ["attempt", r.attempt], ["host", r.host || "–"], ["worker", r.worker || "–"],
        ["backend", r.backend ? `${r.backend} × ${r.blasThreads} thread(s)` : "–"], ["iterations", r.iterations], ["final loss", num(r.finalLoss)]]),
    r.error ? [el("h2", {}, "Error"), el("pre", { id: "job-error", class: "error" }, r.error)] : [],
    el("h2", {}, "Metrics"),
    metrics.length ? kv(metrics.map(([k, v]) => [k, el("td", { class: "num" }, num(v))])) : el("p", { class: "muted" }, "No metric (the job has not succeeded)."),
    el("h2", {}, "Timings"),
    kv([["features", seconds(r.featuresSeconds)], ["NMF", seconds(r.nmfSeconds)], ["task (predict + score)", seconds(r.taskSeconds)], ["total", seconds(r.totalSeconds)]]),
    el("p", { class: "note" }, "The job's log and, for separation, its estimated stems are not in the results table; stems are rebuilt by the task from its component assignment."));
}).catch((e) => showError("main", e));
