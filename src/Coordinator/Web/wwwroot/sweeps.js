// The sweeps page: every sweep in the results table with status, progress, rate, ETA and each host's share, live.
"use strict";
header([["sweeps", null]]);

function render(sweeps) {
  const main = $("main");
  if (sweeps.length === 0) {
    main.replaceChildren(el("h1", {}, "Sweeps"), el("p", { class: "muted" }, "The results table has no sweep yet."));
    return;
  }
  const columns = [
    { label: "sweep", cell: (s) => el("a", { href: sweepHref(s.id) }, s.id) },
    { label: "tasks", cell: (s) => s.tasks.join(" + ") },
    { label: "status", cell: (s) => statusCell(s.status) },
    { label: "progress", cell: (s) => el("span", {}, bar(s.progress), " ", `${s.succeeded + s.failed} / ${s.total}`) },
    { label: "failed", num: true, cell: (s) => String(s.failed) },
    { label: "running", num: true, cell: (s) => String(s.running) },
    { label: "pending", num: true, cell: (s) => String(s.pending) },
    { label: "jobs/s", num: true, cell: (s) => s.jobsPerSecond === null ? "–" : s.jobsPerSecond.toFixed(2) },
    { label: "ETA", cell: (s) => s.eta ?? "–" },
    { label: "hosts (share of succeeded)", cell: (s) => s.hosts.map((h) => `${h.host} ${(100 * h.share).toFixed(0)} %`).join(", ") || "–" },
  ];
  main.replaceChildren(
    el("h1", {}, "Sweeps"),
    el("div", { class: "toolbar" }, el("a", { href: "/api/sweeps?format=csv" }, "CSV"),
       el("span", { class: "muted" }, "Rates and ETAs are measured by this server over the last five minutes.")),
    el("div", { id: "sweeps" }, table(columns, sweeps)));
}

api("/api/sweeps").then(render).catch((e) => showError("main", e));
live(render);
