// The live view: polls /api/status every second and redraws. No libraries; the chart is hand-made SVG.
"use strict";
const COLORS = ["#3b6fd8", "#e08a2e", "#1f9d55", "#a04ad0", "#d64545", "#1aa3a3", "#7a7f2a", "#555"];
const $ = (id) => document.getElementById(id);
const pct = (x) => x === null || x === undefined ? "–" : (100 * x).toFixed(1) + " %";
const num = (n) => Number(n).toLocaleString("en-US");
const color = (version) => COLORS[(version - 1) % COLORS.length];

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function renderModel(s) {
  const m = s.model;
  $("active-version").textContent = m ? "v" + m.model_version : "none";
  $("active-version").dataset.version = m ? m.model_version : "";
  const facts = [];
  if (m) {
    facts.push(m.model_name + " · " + (m.dims ? m.dims.join("-") : m.architecture)
        + (m.input && m.input.standardisation && m.input.standardisation !== "not standardised" ? " · " + m.input.standardisation : ""));
    const t = m.training || {};
    if (t.recipe) facts.push(t.recipe + (t.train_accuracy != null ? ", train " + pct(t.train_accuracy) : "")
        + (t.test_accuracy != null ? ", test " + pct(t.test_accuracy) : ""));
    facts.push("sha256 " + m.sha256.substring(0, 12) + "… · active since " + new Date(m.swapped_at).toLocaleTimeString());
  }
  $("model-facts").innerHTML = "";
  facts.forEach((f) => $("model-facts").appendChild(el("div", {}, f)));
  const h = $("health");
  h.textContent = (s.health.healthy ? "healthy: " : "unavailable: ") + s.health.reason;
  h.className = "pill " + (s.health.healthy ? "ok" : "bad");
}

function renderTotals(s) {
  $("scored").textContent = num(s.totals.scored);
  $("scored").dataset.count = s.totals.scored;
  $("received").textContent = num(s.totals.received);
  $("dead").textContent = num(s.totals.dead_lettered);
  $("throughput").textContent = s.scored_per_second.toFixed(1);
  const body = $("versions").tBodies[0];
  body.innerHTML = "";
  s.versions.forEach((v) => {
    const tr = el("tr", { "class": "version", "data-version": v.model_version });
    const name = el("td");
    name.appendChild(el("span", { "class": "swatch", style: "background:" + color(v.model_version) }));
    name.appendChild(document.createTextNode("v" + v.model_version));
    tr.appendChild(name);
    tr.appendChild(el("td", { "class": "num accuracy" }, pct(v.accuracy)));
    tr.appendChild(el("td", { "class": "num small" }, "n=" + num(v.labelled)));
    body.appendChild(tr);
  });
}

function renderChart(s) {
  const chart = $("chart");
  chart.innerHTML = "";
  const W = 900, H = 220, L = 36, R = 8, T = 8, B = 20;
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    const y = T + (1 - p) * (H - T - B);
    chart.appendChild(svg("line", { x1: L, x2: W - R, y1: y, y2: y, stroke: p === 0.5 ? "#c9ced8" : "#eceef2", "stroke-dasharray": p === 0.5 ? "4 3" : "" }));
    const label = svg("text", { x: 4, y: y + 4, "font-size": 10, fill: "#8a93a3" });
    label.textContent = (100 * p) + "%";
    chart.appendChild(label);
  }
  const pts = s.timeline;
  if (pts.length < 2) return;
  const t0 = pts[0].t, t1 = pts[pts.length - 1].t, span = Math.max(1, t1 - t0);
  const x = (t) => L + (t - t0) / span * (W - L - R);
  const y = (a) => T + (1 - a) * (H - T - B);
  const versions = [...new Set(pts.flatMap((p) => Object.keys(p.accuracy)))].map(Number).sort((a, b) => a - b);
  const legend = $("legend");
  legend.innerHTML = "";
  versions.forEach((v) => {
    const d = pts.filter((p) => p.accuracy[v] != null).map((p, i) => (i ? "L" : "M") + x(p.t).toFixed(1) + "," + y(p.accuracy[v]).toFixed(1)).join(" ");
    chart.appendChild(svg("path", { d: d, fill: "none", stroke: color(v), "stroke-width": 2.5, "class": "series", "data-version": v }));
    const item = el("span");
    item.appendChild(el("span", { "class": "swatch", style: "background:" + color(v) }));
    item.appendChild(document.createTextNode("v" + v));
    legend.appendChild(item);
  });
  const seconds = el("span", {}, "last " + Math.round(span / 1000) + " s");
  legend.appendChild(seconds);
}

function renderRecent(s) {
  const grid = $("recent");
  grid.innerHTML = "";
  s.recent.forEach((r) => {
    const state = r.correct === null ? "" : r.correct ? " right" : " wrong";
    const box = el("div", { "class": "thumb" + state, "data-version": r.model_version, title: r.image_id });
    box.appendChild(el("img", { src: r.thumbnail, alt: r.image_id }));
    box.appendChild(el("div", { "class": "verdict" }, (r.is_cat ? "cat" : "not cat") + " " + (100 * r.probability).toFixed(0) + "%"));
    const bar = el("div", { "class": "bar" });
    bar.appendChild(el("div", { style: "width:" + (100 * r.probability).toFixed(1) + "%" }));
    box.appendChild(bar);
    const truth = r.label === null ? "no label" : r.label ? "is a cat" : "no cat";
    box.appendChild(el("div", { "class": "meta" }, "v" + r.model_version + " · " + truth));
    grid.appendChild(box);
  });
}

// Issue #17: what each version is worth before truth arrives, beside what truth says once it does.
function renderDrift(s) {
  const body = $("drift").tBodies[0];
  body.innerHTML = "";
  const truth = Object.fromEntries(s.versions.map((v) => [v.model_version, v.accuracy]));
  const psi = (x) => x === null || x === undefined ? "–" : x.toFixed(3);
  (s.drift || []).forEach((d) => {
    const tr = el("tr", { "class": "drift-version", "data-version": d.model_version });
    tr.appendChild(el("td", {}, "v" + d.model_version));
    tr.appendChild(el("td", { "class": "num estimated" }, pct(d.estimated_accuracy)));
    tr.appendChild(el("td", { "class": "num truth" }, pct(truth[d.model_version])));
    tr.appendChild(el("td", { "class": "num" }, pct(d.validation_accuracy)));
    [d.psi_probability, d.psi_brightness].forEach((x) =>
      tr.appendChild(el("td", { "class": "num psi" + (x > 0.25 ? " drifted" : "") }, psi(x))));
    tr.appendChild(el("td", { "class": "num" }, pct(d.cat_rate)));
    tr.appendChild(el("td", { "class": "num" }, pct(d.uncertain)));
    tr.appendChild(el("td", { "class": "num small" }, num(d.images)));
    body.appendChild(tr);
  });
}

// Issue #12: accuracy as truth comes in later, how late it comes, and for how many images.
function renderTruth(s) {
  const t = s.truth;
  if (!t) return;
  const secs = (x) => x === null || x === undefined ? "–" : x.toFixed(1) + " s";
  const d = t.delay;
  const u = t.unmatched;
  $("truth-summary").textContent = num(t.matched) + " predictions got truth · label delay p50 " + secs(d.p50_seconds)
      + ", p95 " + secs(d.p95_seconds) + ", mean " + secs(d.mean_seconds)
      + " · joined nothing: " + num(u.late) + " late, " + num(u.unknown) + " unknown, " + num(u.conflict) + " conflicting";
  $("truth-summary").dataset.matched = t.matched;
  const accuracy = Object.fromEntries(s.versions.map((v) => [v.model_version, v.accuracy]));
  const estimated = Object.fromEntries((s.drift || []).map((v) => [v.model_version, v.estimated_accuracy]));
  const body = $("truth").tBodies[0];
  body.innerHTML = "";
  t.versions.forEach((v) => {
    const tr = el("tr", { "class": "truth-version", "data-version": v.model_version });
    tr.appendChild(el("td", {}, "v" + v.model_version));
    tr.appendChild(el("td", { "class": "num truth" }, pct(accuracy[v.model_version])));
    tr.appendChild(el("td", { "class": "num estimated" }, pct(estimated[v.model_version])));
    tr.appendChild(el("td", { "class": "num matched" }, num(v.matched)));
    tr.appendChild(el("td", { "class": "num coverage" }, pct(v.coverage)));
    body.appendChild(tr);
  });
}

function renderAbout(s) {
  const about = $("about");
  about.innerHTML = "";
  Object.entries(s.about).forEach(([k, v]) => about.appendChild(el("div", {}, k + ": " + v)));
}

async function poll() {
  try {
    const response = await fetch("api/status", { cache: "no-store" });
    const s = await response.json();
    renderModel(s);
    renderTotals(s);
    renderChart(s);
    renderRecent(s);
    renderDrift(s);
    renderTruth(s);
    renderAbout(s);
    document.body.dataset.updated = s.at;
  } catch (e) {
    $("health").textContent = "no answer from the scorer";
    $("health").className = "pill bad";
  }
}

poll();
setInterval(poll, 1000);
