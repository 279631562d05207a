// One configuration: its settings (as overrides to copy), each metric's distribution over its tracks, its loss curves,
// W and H of a chosen track, its resolved config, and its jobs.
"use strict";
const [, sweep, , point] = pathParts();
header([["sweeps", "/"], [sweep, sweepHref(sweep)], ["configuration " + point, null]]);

api(`/api/sweeps/${encodeURIComponent(sweep)}/configurations/${point}`).then((c) => {
  const metrics = [...new Set(c.summaries.map((s) => s.metric))].sort((a, b) => (a === c.headline?.metric ? -1 : b === c.headline?.metric ? 1 : a.localeCompare(b)));
  // Keys of another task's section are empty in a sweep of several tasks: not this configuration's settings.
  const overrides = Object.entries(c.settings).filter(([, v]) => v !== "").map(([k, v]) => `${k}=${v}`).join(" ");
  const succeeded = c.rows.filter((r) => r.status === "succeeded");
  fill($("main"), 
    el("h1", {}, `${c.point}: ${c.configuration}`),
    el("p", {}, `Task ${c.task}; ${c.rows.length} jobs, ${succeeded.length} succeeded, ${c.rows.filter((r) => r.status === "failed").length} failed.`,
       c.headline ? ` Ranked by ${c.headline.metric} (${c.headline.direction === "lowerIsBetter" ? "lower" : "higher"} is better).` : ""),
    el("h2", {}, "Settings that vary in this sweep"),
    el("div", { class: "toolbar" }, el("pre", { id: "overrides" }, overrides || "(no key varies: the sweep has one configuration)"),
       el("button", { onclick: () => navigator.clipboard?.writeText(overrides) }, "Copy")),
    el("p", { class: "muted" }, `The keys whose value differs between the sweep's configurations, as key=value overrides; the configuration's label (its overrides as given) is ${c.configuration}.`),
    el("h2", {}, "Metrics over the tracks"),
    table([{ label: "metric", cell: (s) => s.metric }, { label: "mean", num: true, cell: (s) => num(s.mean) },
           { label: "std", num: true, cell: (s) => num(s.std) }, { label: "median", num: true, cell: (s) => num(s.median) },
           { label: "tracks", num: true, cell: (s) => String(s.count) }],
          metrics.map((m) => c.summaries.find((s) => s.metric === m))),
    el("div", { id: "distributions", class: "grid2" }),
    el("h2", {}, "Loss per iteration"),
    el("div", { id: "loss-chart", class: "chart" }),
    el("p", { id: "loss-note", class: "muted" }, "Each track's loss after each iteration (log scale)."),
    el("h2", {}, "W and H"),
    c.factorTracks.length
      ? [el("div", { class: "toolbar" }, el("label", {}, "Track ", el("select", { id: "factor-track", onchange: (e) => drawFactors(e.target.value) },
           c.factorTracks.map((t) => el("option", { value: t.jobId }, t.track))))),
         el("div", { class: "grid2" }, el("div", { id: "w-chart", class: "chart" }), el("div", { id: "h-chart", class: "chart" }))]
      : el("p", { class: "muted" }, "No job of this configuration kept W and H yet (the first track of each dataset does, once it succeeds)."),
    el("h2", {}, "Resolved config"),
    c.resolvedConfig
      ? el("div", { class: "toolbar" }, el("pre", { id: "resolved-config", class: "config" }, JSON.stringify(JSON.parse(c.resolvedConfig), null, 2)),
           el("button", { onclick: () => navigator.clipboard?.writeText(JSON.stringify(JSON.parse(c.resolvedConfig), null, 2)) }, "Copy"))
      : el("p", { class: "muted" }, "Not recorded: this results table was written before configs were kept (rebuild it from the event log to add them)."),
    el("h2", {}, "Jobs"),
    el("div", { class: "scroll" }, table([
      { label: "track", cell: (r) => el("a", { href: `${sweepHref(sweep)}/jobs/${encodeURIComponent(r.jobId)}` }, r.track) },
      { label: "status", cell: (r) => statusCell(r.status) },
      ...metrics.map((m) => ({ label: m, num: true, cell: (r) => num(r.metrics[m]) })),
      { label: "iterations", num: true, cell: (r) => String(r.iterations) }, { label: "final loss", num: true, cell: (r) => num(r.finalLoss) },
      { label: "total", num: true, cell: (r) => seconds(r.totalSeconds) }, { label: "host", cell: (r) => r.host }], c.rows)),
    el("h2", {}, "Not on this page"),
    el("ul", { class: "note" }, c.notInTable.map((n) => el("li", {}, n))));
  for (const m of metrics) {
    const div = el("div", { class: "chart" });
    $("distributions").append(div);
    const points = succeeded.filter((r) => r.metrics[m] !== null && r.metrics[m] !== undefined);
    Plotly.newPlot(div, [{ type: "box", y: points.map((r) => r.metrics[m]), text: points.map((r) => r.track), name: m,
                           boxpoints: "all", jitter: 0.4, pointpos: 0, hovertemplate: "%{text}: %{y}<extra></extra>", marker: { color: "#2e5aac" } }],
                   { title: { text: m, font: { size: 14 } }, margin: { l: 60, r: 20, t: 40, b: 30 }, showlegend: false }, plotConfig);
  }
  api(`/api/sweeps/${encodeURIComponent(sweep)}/configurations/${point}/curves`).then((l) => {
    if (l.curves.length === 0) {
      fill($("loss-note"), "No job of this configuration reported its loss yet.");
      $("loss-chart").remove();
      return;
    }
    lossChart($("loss-chart"), l.curves, divergence(c.resolvedConfig));
  }).catch((e) => showError("loss-note", e));
  if (c.factorTracks.length) drawFactors(c.factorTracks[0].jobId);
}).catch((e) => showError("main", e));

function drawFactors(jobId) {
  api(`/api/sweeps/${encodeURIComponent(sweep)}/jobs/${encodeURIComponent(jobId)}/factors`)
    .then((f) => factorCharts($("w-chart"), $("h-chart"), f))
    .catch((e) => showError("w-chart", e));
}
