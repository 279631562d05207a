// Many configurations of one task on one metric: average ranks over the tracks all of them succeeded on, the Friedman
// test, the Nemenyi critical difference (drawn as a diagram) and each against the best with Holm-adjusted p-values.
"use strict";
const [, sweep] = pathParts();
const base = `/api/sweeps/${encodeURIComponent(sweep)}`;
header([["sweeps", "/"], [sweep, sweepHref(sweep)], ["ranking", null]]);
const params = new URLSearchParams(location.search);

async function load() {
  const overview = await api(base);
  const r = await api(`${base}/ranking?${params}`);
  const task = overview.tasks.find((t) => t.task === r.task);
  const go = () => { params.set("metric", $("pick-metric").value); params.set("task", $("pick-task").value); location.search = params; };
  const f = r.friedman;
  fill($("main"), 
    el("h1", {}, `Ranking on ${r.metric}`),
    el("div", { class: "toolbar" },
       "task ", el("select", { id: "pick-task", onchange: () => { params.delete("metric"); params.delete("points"); params.set("task", $("pick-task").value); location.search = params; } },
                   overview.tasks.map((t) => el("option", { value: t.task, selected: t.task === r.task }, t.task))),
       " metric ", el("select", { id: "pick-metric", onchange: go }, task.metrics.map((m) => el("option", { value: m, selected: m === r.metric }, m))),
       el("a", { href: `${base}/ranking?${params}&format=csv` }, "CSV")),
    el("p", {}, `${r.lowerIsBetter ? "Lower" : "Higher"} is better${r.directionDeclared ? " (the task's headline)" : ""}. ` +
       `Over the ${r.tracks} tracks every ranked configuration succeeded on: ` +
       (f.configurations < 3 ? "the Friedman test needs three configurations or more." : `Friedman χ² = ${num(f.statistic)} (${f.configurations - 1} degrees of freedom), `),
       f.configurations < 3 ? "" : el("span", {}, "p = ", el("b", { id: "friedman-p", "data-value": f.pValue }, pvalue(f.pValue)), "."),
       ` Nemenyi critical difference at α = ${r.alpha}: CD = `, el("b", { id: "critical-difference" }, num(r.criticalDifference)), "."),
    el("div", { id: "cd", class: "chart", style: `height:${160 + 28 * r.ranking.length}px` }),
    table([{ label: "rank", num: true, cell: (x) => String(r.ranking.indexOf(x) + 1) },
           { label: "configuration", cell: (x) => el("a", { href: `${sweepHref(sweep)}/configurations/${x.point}` }, `${x.point}: ${x.configuration}`) },
           { label: "average rank", num: true, cell: (x) => num(x.averageRank) }, { label: "mean on these tracks", num: true, cell: (x) => num(x.mean) },
           { label: "tracks", num: true, cell: (x) => String(x.tracks) }], r.ranking),
    el("h2", {}, `Against the best by mean (${r.baseline})`),
    table([{ label: "configuration", cell: (p) => p.candidate }, { label: "tracks", num: true, cell: (p) => String(p.tracks) },
           { label: "mean difference", num: true, cell: (p) => signed(p.meanDifference) },
           { label: "95 % interval", cell: (p) => `[${signed(p.interval.low)}, ${signed(p.interval.high)}]` },
           { label: "Wilcoxon p", num: true, cell: (p) => pvalue(p.wilcoxon.pValue) },
           { label: "Holm p", num: true, cell: (p) => pvalue(r.holmPValues[r.paired.indexOf(p)]) },
           { label: "better / equal / worse", cell: (p) => `${p.wins} / ${p.ties} / ${p.losses}` }], r.paired));
  drawCriticalDifference(r);
}

// Average ranks on one axis (1 = best at the left), one row per configuration; configurations whose ranks differ by less
// than CD are joined by a thick bar (not significantly different), and the CD itself is drawn above the axis.
function drawCriticalDifference(r) {
  const n = r.ranking.length, cd = r.criticalDifference;
  const traces = [{ type: "scatter", mode: "markers+text", x: r.ranking.map((x) => x.averageRank), y: r.ranking.map((_, i) => -i),
                    text: r.ranking.map((x) => `${x.point}: ${x.configuration}`), textposition: "middle right", cliponaxis: false,
                    marker: { size: 10, color: "#2e5aac" }, hovertemplate: "%{text}<br>average rank %{x:.3f}<extra></extra>" }];
  const groups = [];
  for (let i = 0; i < n; i++) {
    let j = i;
    while (j + 1 < n && r.ranking[j + 1].averageRank - r.ranking[i].averageRank < cd) j++;
    if (j > i && !groups.some(([a, b]) => a <= i && b >= j)) groups.push([i, j]);
  }
  groups.forEach(([i, j], g) => traces.push({ type: "scatter", mode: "lines", x: [r.ranking[i].averageRank, r.ranking[j].averageRank], y: [0.6 + 0.25 * g, 0.6 + 0.25 * g],
                                              line: { width: 5, color: "#b42318" }, hoverinfo: "skip" }));
  const top = 0.8 + 0.25 * groups.length;
  if (Number.isFinite(cd)) traces.push({ type: "scatter", mode: "lines+text", x: [1, 1 + cd], y: [top, top], text: ["", `CD = ${num(cd)}`],
                                         textposition: "middle right", line: { width: 3, color: "#1d2330" }, hoverinfo: "skip" });
  Plotly.newPlot("cd", traces, { showlegend: false, margin: { l: 30, r: 320, t: 20, b: 40 },
                                 xaxis: { title: { text: "average rank (1 = best)" }, range: [0.8, Math.max(n, 2) + 0.2], dtick: 1 },
                                 yaxis: { visible: false, range: [-n + 0.5, top + 0.4] } }, plotConfig);
}

load().catch((e) => showError("main", e));
