// Two configurations of one task on one metric: per-track scatter, mean difference (B − A) with its bootstrap 95 %
// interval, the Wilcoxon signed-rank p-value and B's wins / ties / losses, as Reports/Statistics computes them.
"use strict";
const [, sweep] = pathParts();
const base = `/api/sweeps/${encodeURIComponent(sweep)}`;
header([["sweeps", "/"], [sweep, sweepHref(sweep)], ["compare", null]]);
const params = new URLSearchParams(location.search);

async function load() {
  const overview = await api(base);
  const a = params.get("a") ?? String(overview.configurations[0]?.point ?? 0);
  const b = params.get("b") ?? String(overview.configurations[1]?.point ?? 1);
  const q = new URLSearchParams({ a, b });
  if (params.get("metric")) q.set("metric", params.get("metric"));
  const c = await api(`${base}/compare?${q}`);
  const task = overview.tasks.find((t) => t.task === c.task);
  const options = (selected) => overview.configurations.filter((x) => x.task === c.task)
    .map((x) => el("option", { value: x.point, selected: String(x.point) === String(selected) }, `${x.point}: ${x.configuration}`));
  const go = () => { const n = new URLSearchParams({ a: $("pick-a").value, b: $("pick-b").value, metric: $("pick-metric").value }); location.search = n; };
  const p = c.comparison;
  const better = c.lowerIsBetter ? "lower" : "higher";
  fill($("main"), 
    el("h1", {}, "Compare two configurations"),
    el("div", { class: "toolbar" },
       "A ", el("select", { id: "pick-a", onchange: go }, options(c.a.point)),
       " B ", el("select", { id: "pick-b", onchange: go }, options(c.b.point)),
       " metric ", el("select", { id: "pick-metric", onchange: go }, task.metrics.map((m) => el("option", { value: m, selected: m === c.metric }, m)))),
    el("p", {}, `${c.metric}: ${better} is better`, c.directionDeclared ? " (the task's headline)." : " (not the task's headline: higher is taken as better unless ?lower=true)."),
    el("div", { class: "cards" },
       el("div", { class: "card" }, el("b", { id: "tracks" }, String(p.tracks)), "paired tracks"),
       el("div", { class: "card" }, el("b", { id: "mean-difference", "data-value": p.meanDifference }, signed(p.meanDifference)), "mean of B − A"),
       el("div", { class: "card" }, el("b", { id: "interval" }, `[${signed(p.interval.low)}, ${signed(p.interval.high)}]`), "bootstrap 95 % interval"),
       el("div", { class: "card" }, el("b", { id: "wilcoxon-p", "data-value": p.wilcoxon.pValue }, pvalue(p.wilcoxon.pValue)),
          "Wilcoxon p" + (p.wilcoxon.exact ? " (exact)" : " (normal approx.)")),
       el("div", { class: "card" }, el("b", { id: "wins" }, `${p.wins} / ${p.ties} / ${p.losses}`), "B better / equal / worse")),
    el("div", { id: "scatter", class: "chart" }),
    el("p", { class: "muted" }, "Each point is a track both configurations succeeded on; above the diagonal B scored higher. ",
       "Bootstrap: 10,000 resamples of the tracks, seed 0; Wilcoxon as scipy.stats.wilcoxon computes it by default (docs/metrics.md)."),
    el("h2", {}, "Per track"),
    table([{ label: "track", cell: (t) => t.track }, { label: "A", num: true, cell: (t) => num(t.a) }, { label: "B", num: true, cell: (t) => num(t.b) },
           { label: "B − A", num: true, cell: (t) => signed(t.b - t.a) }], c.tracks));
  const values = c.tracks.flatMap((t) => [t.a, t.b]);
  const lo = Math.min(...values), hi = Math.max(...values);
  Plotly.newPlot("scatter", [
    { type: "scatter", mode: "markers", x: c.tracks.map((t) => t.a), y: c.tracks.map((t) => t.b), text: c.tracks.map((t) => t.track),
      hovertemplate: "%{text}<br>A %{x}<br>B %{y}<extra></extra>", marker: { size: 9, color: "#2e5aac" }, name: "tracks" },
    { type: "scatter", mode: "lines", x: [lo, hi], y: [lo, hi], line: { dash: "dot", color: "#98a2b3" }, hoverinfo: "skip", name: "A = B" }],
    { xaxis: { title: { text: `A: ${c.a.configuration}` } }, yaxis: { title: { text: `B: ${c.b.configuration}` } }, showlegend: false,
      margin: { l: 70, r: 20, t: 20, b: 60 }, title: { text: "" } }, plotConfig);
}

load().catch((e) => showError("main", e));
