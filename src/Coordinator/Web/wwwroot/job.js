// One job: its metrics, timings, backend, host, worker and error, its log (attempt history), its loss per iteration,
// W and H when it kept them, and for separation its estimated stems when the sweep wrote them (task.write_audio_to).
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
    el("h2", {}, "Loss per iteration"),
    r.lossHistory.length ? el("div", { id: "loss-chart", class: "chart" }) : el("p", { class: "muted" }, "No loss reported (the job has not succeeded, or its task fits no NMF)."),
    r.hasFactors ? [el("h2", {}, "W and H"), el("div", { class: "grid2" }, el("div", { id: "w-chart", class: "chart" }), el("div", { id: "h-chart", class: "chart" }))] : [],
    el("h2", {}, "Timings"),
    kv([["features", seconds(r.featuresSeconds)], ["NMF", seconds(r.nmfSeconds)], ["task (predict + score)", seconds(r.taskSeconds)], ["total", seconds(r.totalSeconds)]]),
    el("h2", {}, "Log"),
    r.log.length ? el("pre", { id: "job-log" }, r.log.join("\n")) : el("p", { class: "muted" }, "No log (a results table written before logs were kept)."),
    r.task === "separation" ? [el("h2", {}, "Estimated stems"), el("div", { id: "job-stems" }, el("p", { class: "muted" }, "Loading…"))] : []);
  if (r.task === "separation") {
    api(`/api/sweeps/${encodeURIComponent(sweep)}/jobs/${encodeURIComponent(job)}/stems`).then((s) => fill($("job-stems"),
      s.stems.length
        ? s.stems.map((x) => el("figure", { class: "stem" }, el("figcaption", {}, x.name), el("audio", { controls: "", preload: "none", src: x.url })))
        : el("p", { class: "muted" }, s.reason))).catch((e) => showError("job-stems", e));
  }
  if (r.lossHistory.length) {
    // The divergence is the configuration's: ask for its resolved config (null in an older table).
    api(`/api/sweeps/${encodeURIComponent(sweep)}/configurations/${r.point}`)
      .then((c) => lossChart($("loss-chart"), [{ track: r.track, loss: r.lossHistory }], divergence(c.resolvedConfig)))
      .catch(() => lossChart($("loss-chart"), [{ track: r.track, loss: r.lossHistory }], "loss"));
  }
  if (r.hasFactors) {
    api(`/api/sweeps/${encodeURIComponent(sweep)}/jobs/${encodeURIComponent(job)}/factors`)
      .then((f) => factorCharts($("w-chart"), $("h-chart"), f)).catch((e) => showError("w-chart", e));
  }
}).catch((e) => showError("main", e));
