// AspireChain dashboard: a dependency-free single page that polls the dashboard's JSON API.
'use strict';

const POLL_MS = 1500;
const PALETTE = ['#8c6cf2', '#3fb9a4', '#f2a65a', '#5aa9f2', '#f06292', '#c5e15c', '#f2d35a', '#9ccff2', '#e57373', '#81c784'];
const page = document.getElementById('page');
const title = document.getElementById('page-title');
const tools = document.getElementById('page-tools');
const statusLine = document.getElementById('status');

let timer = null;
let generation = 0;
const serviceColors = new Map();

// ---------- helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'style') el.style.cssText = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function api(path, options) {
  const response = await fetch(path, options);
  if (!response.ok) {
    const error = new Error(response.status + ' ' + response.statusText);
    error.status = response.status;
    throw error;
  }
  statusLine.textContent = 'live';
  statusLine.className = 'sidebar-foot ok';
  return response.status === 204 ? null : response.json();
}

function colorOf(service) {
  if (!serviceColors.has(service)) {
    let hash = 0;
    for (const ch of service) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    const used = new Set(serviceColors.values());
    let index = hash % PALETTE.length;
    for (let i = 0; i < PALETTE.length && used.has(PALETTE[index]); i++) index = (index + 1) % PALETTE.length;
    serviceColors.set(service, PALETTE[index]);
  }
  return serviceColors.get(service);
}

function chip(service) {
  return h('span', { class: 'chip', style: 'background:' + colorOf(service), 'data-service': service }, service);
}

function time(value) {
  if (!value) return '';
  const d = new Date(value);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function ms(value) {
  if (value === null || value === undefined) return '';
  if (value === 0) return '0';
  if (value < 1) return (value * 1000).toFixed(0) + ' µs';
  if (value < 1000) return value.toFixed(value < 10 ? 2 : 1) + ' ms';
  return (value / 1000).toFixed(2) + ' s';
}

function number(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e9) return (value / 1e9).toFixed(2) + 'G';
  if (abs >= 1e6) return (value / 1e6).toFixed(2) + 'M';
  if (abs >= 1e4) return (value / 1e3).toFixed(1) + 'k';
  if (abs >= 100 || Number.isInteger(value)) return value.toFixed(0);
  return value.toFixed(abs < 1 ? 3 : 2);
}

function short(hash) {
  return hash && hash.length > 16 ? hash.slice(0, 8) + '…' + hash.slice(-6) : (hash || '');
}

function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter(Boolean));
}

function poll(render) {
  const mine = ++generation;
  const tick = async () => {
    if (mine !== generation) return;
    try {
      await render();
    } catch (error) {
      statusLine.textContent = 'disconnected (' + error.message + ')';
      statusLine.className = 'sidebar-foot down';
    }
    if (mine === generation) timer = setTimeout(tick, POLL_MS);
  };
  clearTimeout(timer);
  tick();
}

// ---------- Resources ----------

async function resourcesPage() {
  title.textContent = 'Resources';
  replace(tools);
  const body = h('tbody');
  const table = h('div', { class: 'card' }, h('table', { id: 'resources' },
    h('thead', {}, h('tr', {},
      h('th', {}, 'Name'), h('th', {}, 'Type'), h('th', {}, 'State'), h('th', { class: 'num' }, 'Restarts'),
      h('th', { class: 'num' }, 'PID'), h('th', {}, 'Started'), h('th', {}, 'Endpoints'), h('th', {}, 'Actions'))),
    body));
  const messages = h('div', { class: 'muted', style: 'margin-top:10px' });
  replace(page, table, messages);
  const expanded = new Set();

  async function command(name, verb) {
    try {
      await api(`/api/resources/${encodeURIComponent(name)}/${verb}`, { method: 'POST', headers: { 'X-AspireChain-Command': verb } });
      messages.textContent = `${verb} ${name}: accepted`;
    } catch (error) {
      messages.textContent = `${verb} ${name}: ${error.message}`;
    }
  }

  poll(async () => {
    const resources = await api('/api/resources');
    const rows = [];
    for (const r of resources) {
      const stopped = ['Stopped', 'Exited', 'FailedToStart'].includes(r.state);
      rows.push(h('tr', { 'data-resource': r.name, class: 'clickable', onclick: (e) => {
          if (e.target.closest('button, a')) return;
          expanded.has(r.name) ? expanded.delete(r.name) : expanded.add(r.name);
        } },
        h('td', { class: 'nowrap' }, h('strong', {}, r.name), r.replicaSet ? h('span', { class: 'tag', style: 'margin-left:8px' }, 'replica of ' + r.replicaSet) : null),
        h('td', {}, h('span', { class: 'tag' }, r.resourceType)),
        h('td', { class: 'state-cell' }, h('span', { class: 'state ' + r.state }, r.state),
          r.exitCode !== null && r.exitCode !== undefined ? h('span', { class: 'muted' }, ' exit ' + r.exitCode) : null),
        h('td', { class: 'num' }, r.restartCount),
        h('td', { class: 'num mono' }, r.processId ?? ''),
        h('td', { class: 'muted' }, r.startedAt ? time(r.startedAt) : ''),
        h('td', { class: 'endpoints' }, (r.endpoints || []).map(url =>
          /^https?:\/\//.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener' }, url) : h('span', { class: 'mono' }, url + ' '))),
        h('td', {}, h('div', { class: 'actions' },
          h('button', { class: 'small', disabled: !stopped || r.resourceType === 'Dashboard', onclick: () => command(r.name, 'start') }, 'Start'),
          h('button', { class: 'small', disabled: stopped || r.resourceType === 'Dashboard', onclick: () => command(r.name, 'stop') }, 'Stop'),
          h('button', { class: 'small', disabled: r.resourceType === 'Dashboard', onclick: () => command(r.name, 'restart') }, 'Restart'),
          h('a', { class: 'small', href: '#/console/' + encodeURIComponent(r.name), style: 'padding:3px 4px' }, 'Console')))));
      if (expanded.has(r.name)) {
        const env = Object.entries(r.environment || {}).sort(([a], [b]) => a.localeCompare(b));
        rows.push(h('tr', {}, h('td', { colspan: 8, style: 'background:#1a1a1f' },
          env.length === 0 ? h('span', { class: 'muted' }, 'No environment variables.') :
            h('table', {}, h('tbody', {}, env.map(([k, v]) => h('tr', {}, h('td', { class: 'mono muted' }, k), h('td', { class: 'mono' }, v))))))));
      }
    }
    replace(body, rows.length ? rows : h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No resources yet.')));
  });
}

// ---------- Console logs ----------

async function consolePage(selected) {
  title.textContent = 'Console logs';
  const resources = await api('/api/resources');
  const name = selected || (resources[0] && resources[0].name) || '';
  const picker = h('select', { id: 'console-resource', onchange: (e) => { location.hash = '#/console/' + encodeURIComponent(e.target.value); } },
    resources.map(r => h('option', { value: r.name, selected: r.name === name }, r.name)));
  const follow = h('input', { type: 'checkbox', checked: true, id: 'follow' });
  replace(tools, h('label', {}, 'Resource '), picker, h('label', { style: 'margin-left:12px' }, follow, ' follow'));
  const view = h('div', { class: 'console', id: 'console' });
  replace(page, view);
  if (!name) { replace(view, h('div', { class: 'empty' }, 'No resources.')); return; }

  let after = 0;
  poll(async () => {
    const lines = await api(`/api/resources/${encodeURIComponent(name)}/logs?after=${after}&max=2000`);
    if (!lines.length) return;
    const fragment = document.createDocumentFragment();
    for (const line of lines) {
      fragment.append(h('div', { class: 'line' + (line.isErrorOutput ? ' stderr' : '') },
        h('span', { class: 'ln' }, line.lineNumber), h('span', { class: 'ts' }, time(line.timestamp)), h('span', { class: 'text' }, line.text)));
      after = Math.max(after, line.lineNumber);
    }
    view.append(fragment);
    // Keep the DOM bounded on long runs.
    while (view.childElementCount > 5000) view.firstElementChild.remove();
    if (follow.checked) view.scrollTop = view.scrollHeight;
  });
}

// ---------- Structured logs ----------

async function logsPage() {
  title.textContent = 'Structured logs';
  const services = await api('/api/services');
  const filter = h('select', { id: 'log-service' }, h('option', { value: '' }, 'All services'), services.map(s => h('option', { value: s }, s)));
  replace(tools, filter);
  const body = h('tbody');
  replace(page, h('div', { class: 'card' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Service'), h('th', {}, 'Level'), h('th', {}, 'Message'), h('th', {}, 'Trace'))), body)));
  let records = [];
  let after = 0;
  filter.addEventListener('change', () => { records = []; after = 0; });
  poll(async () => {
    const service = filter.value;
    const fresh = await api(`/api/logs?after=${after}&limit=1000` + (service ? '&service=' + encodeURIComponent(service) : ''));
    for (const r of fresh) after = Math.max(after, r.sequence);
    records = records.concat(fresh).slice(-500);
    replace(body, records.length ? records.slice().reverse().map(r => h('tr', {},
      h('td', { class: 'muted mono' }, time(r.timestamp)),
      h('td', {}, chip(r.serviceName), r.serviceInstanceId !== r.serviceName ? h('span', { class: 'muted' }, r.serviceInstanceId) : null),
      h('td', { class: r.severityNumber >= 17 ? 'err' : r.severityNumber >= 13 ? 'muted' : '' }, r.severity),
      h('td', {}, r.message, h('div', { class: 'muted', style: 'font-size:11.5px' }, r.category)),
      h('td', {}, r.traceId ? h('a', { class: 'mono', href: '#/traces/' + r.traceId }, r.traceId.slice(0, 8)) : ''))) :
      h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'No structured logs received yet.')));
  });
}

// ---------- Traces ----------

async function tracesPage() {
  title.textContent = 'Traces';
  const services = await api('/api/services');
  const filter = h('select', { id: 'trace-service' }, h('option', { value: '' }, 'All services'), services.map(s => h('option', { value: s }, s)));
  replace(tools, filter);
  const body = h('tbody');
  replace(page, h('div', { class: 'card' }, h('table', { id: 'traces' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Started'), h('th', {}, 'Name'), h('th', {}, 'Services'), h('th', { class: 'num' }, 'Spans'),
      h('th', { class: 'num' }, 'Duration'), h('th', { style: 'width:18%' }, ''))), body)));
  poll(async () => {
    const service = filter.value;
    const traces = await api('/api/traces?limit=200' + (service ? '&service=' + encodeURIComponent(service) : ''));
    const longest = Math.max(1, ...traces.map(t => t.durationMs));
    replace(body, traces.length ? traces.map(t => h('tr', { class: 'clickable', 'data-trace': t.traceId, onclick: () => { location.hash = '#/traces/' + t.traceId; } },
      h('td', { class: 'muted mono' }, time(t.start)),
      h('td', {}, t.hasError ? h('span', { class: 'err-dot', title: 'has errors' }, '! ') : null, h('strong', {}, t.rootName), ' ',
        h('span', { class: 'muted mono', style: 'font-size:11.5px' }, t.traceId.slice(0, 8))),
      h('td', {}, t.services.map(chip)),
      h('td', { class: 'num' }, t.spanCount),
      h('td', { class: 'num' }, ms(t.durationMs)),
      h('td', {}, h('div', { class: 'duration-bar', style: `width:${Math.max(1, 100 * t.durationMs / longest)}%` })))) :
      h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No traces received yet. Services export to the OTLP endpoint printed by the AppHost.')));
  });
}

function orderSpans(spans) {
  // Depth-first by parent, children by start time; spans whose parent is missing become roots.
  const byId = new Map(spans.map(s => [s.spanId, s]));
  const children = new Map();
  const roots = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId)) {
      if (!children.has(s.parentSpanId)) children.set(s.parentSpanId, []);
      children.get(s.parentSpanId).push(s);
    } else {
      roots.push(s);
    }
  }
  const byStart = (a, b) => new Date(a.start) - new Date(b.start);
  const ordered = [];
  const visit = (span, depth) => {
    ordered.push({ span, depth });
    for (const child of (children.get(span.spanId) || []).sort(byStart)) visit(child, depth + 1);
  };
  roots.sort(byStart).forEach(r => visit(r, 0));
  return ordered;
}

function attributesTable(attributes) {
  const entries = Object.entries(attributes || {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return h('div', { class: 'muted' }, 'none');
  return h('table', {}, h('tbody', {}, entries.map(([k, v]) => h('tr', {}, h('td', { class: 'mono muted' }, k), h('td', { class: 'mono' }, v)))));
}

async function traceDetailPage(traceId) {
  title.textContent = 'Trace';
  replace(tools, h('a', { href: '#/traces' }, '← all traces'));
  let spans;
  try {
    spans = await api('/api/traces/' + encodeURIComponent(traceId));
  } catch (error) {
    replace(page, h('div', { class: 'empty' }, error.status === 404 ? 'Trace ' + traceId + ' is not (or no longer) in the store.' : error.message));
    return;
  }
  const open = new Set();
  const render = () => {
    const start = Math.min(...spans.map(s => new Date(s.start).getTime()));
    const end = Math.max(...spans.map(s => new Date(s.end).getTime()));
    const total = Math.max(1, end - start);
    const ordered = orderSpans(spans);
    const services = [...new Set(spans.map(s => s.serviceName))].sort();
    const root = ordered[0].span;
    const rows = [h('div', { class: 'wf-row header' }, h('div', { class: 'wf-name' }, 'Span'),
      h('div', { class: 'wf-track wf-ticks' }, [0, .25, .5, .75, 1].map(f => h('span', {}, ms(total * f)))))];
    for (const { span, depth } of ordered) {
      const left = 100 * (new Date(span.start).getTime() - start) / total;
      const width = Math.max(0.25, 100 * span.durationMs / total);
      const color = colorOf(span.serviceName);
      rows.push(h('div', { class: 'wf-row span-row', 'data-service': span.serviceName, 'data-span': span.spanId,
          onclick: () => { open.has(span.spanId) ? open.delete(span.spanId) : open.add(span.spanId); render(); } },
        h('div', { class: 'wf-name', style: `padding-left:${10 + depth * 18}px` },
          h('span', { class: 'svc', style: 'background:' + color }),
          span.status === 'error' ? h('span', { class: 'err-dot' }, '!') : null,
          h('span', { class: 'muted' }, span.serviceInstanceId), h('strong', {}, span.name),
          h('span', { class: 'kind' }, span.kind),
          span.links && span.links.length ? h('span', { class: 'link-badge', title: 'span links' }, '⇢ ' + span.links.length) : null),
        h('div', { class: 'wf-track' },
          h('div', { class: 'wf-bar', style: `left:${left}%;width:${width}%;background:${color}` }),
          h('span', { class: 'wf-dur', style: left + width > 85 ? `right:${100 - left + 0.5}%` : `left:calc(${left + width}% + 6px)` }, ms(span.durationMs)))));
      if (open.has(span.spanId)) {
        rows.push(h('div', { class: 'wf-row' }, h('div', { class: 'wf-detail' },
          h('div', {}, chip(span.serviceName), h('span', { class: 'mono muted' }, ' span ' + span.spanId + (span.parentSpanId ? ' · parent ' + span.parentSpanId : ' · root')),
            ' · ', span.scope ? h('span', { class: 'muted' }, span.scope) : null),
          span.statusMessage ? h('div', { class: 'err' }, span.statusMessage) : null,
          h('h4', {}, 'Attributes'), attributesTable(span.attributes),
          span.events && span.events.length ? [h('h4', {}, 'Events'), h('table', {}, h('tbody', {}, span.events.map(e =>
            h('tr', {}, h('td', { class: 'mono muted' }, time(e.timestamp)), h('td', {}, e.name), h('td', { class: 'mono muted' }, Object.entries(e.attributes).map(([k, v]) => k + '=' + v).join(' '))))))] : null,
          span.links && span.links.length ? [h('h4', {}, 'Links'), h('div', {}, span.links.map(l =>
            h('div', {}, h('a', { class: 'mono', href: '#/traces/' + l.traceId, onclick: (e) => e.stopPropagation() }, l.traceId), h('span', { class: 'muted mono' }, ' span ' + l.spanId))))] : null)));
      }
    }
    replace(page,
      h('div', { class: 'trace-head' },
        h('span', { class: 'big' }, root.serviceName + ': ' + root.name),
        h('span', { class: 'muted mono' }, traceId),
        h('span', {}, 'Started ', h('strong', {}, time(new Date(start)))),
        h('span', {}, 'Duration ', h('strong', {}, ms(total))),
        h('span', {}, 'Spans ', h('strong', {}, spans.length)),
        h('span', {}, 'Services ', h('strong', { id: 'trace-service-count' }, services.length))),
      h('div', { class: 'legend' }, services.map(chip)),
      h('div', { class: 'card waterfall', id: 'waterfall' }, rows));
  };
  render();
  // Late spans (other services export on their own schedule) keep arriving: refresh while the page is open.
  poll(async () => {
    const latest = await api('/api/traces/' + encodeURIComponent(traceId));
    if (latest.length !== spans.length) { spans = latest; render(); }
  });
}

// ---------- Blocks ----------

async function blocksPage() {
  title.textContent = 'Blocks';
  replace(tools, h('span', {}, 'built from block.mine / block.validate / block.commit / block.apply spans'));
  const body = h('tbody');
  replace(page, h('div', { class: 'card' }, h('table', { id: 'blocks' },
    h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Height'), h('th', {}, 'Hash'), h('th', {}, 'Miner'), h('th', { class: 'num' }, 'Txs'),
      h('th', {}, 'Outcome'), h('th', {}, 'Mined at'), h('th', { class: 'num' }, 'Mining'), h('th', { class: 'num' }, 'Hash rate'),
      h('th', { class: 'num' }, 'First tx → confirmed'), h('th', {}, 'Trace'))), body)));
  poll(async () => {
    const blocks = await api('/api/blocks?limit=300');
    replace(body, blocks.length ? blocks.map(b => h('tr', { 'data-height': b.height ?? '' },
      h('td', { class: 'num' }, h('strong', {}, b.height ?? '?')),
      h('td', { class: 'mono', title: b.hash || '' }, short(b.hash)),
      h('td', {}, b.miner || ''),
      h('td', { class: 'num' }, b.txCount ?? ''),
      h('td', {}, h('span', { class: 'state ' + b.outcome }, b.outcome), b.reason && b.reason !== b.outcome ? h('span', { class: 'muted' }, ' ' + b.reason) : null),
      h('td', { class: 'muted mono' }, time(b.minedAt || b.validatedAt)),
      h('td', { class: 'num' }, ms(b.mineMs)),
      h('td', { class: 'num' }, b.hashRate ? number(b.hashRate) + ' H/s' : ''),
      h('td', { class: 'num' }, ms(b.submitToConfirmedMs)),
      h('td', {}, h('a', { class: 'mono', href: '#/traces/' + b.traceId }, b.traceId.slice(0, 8))))) :
      h('tr', {}, h('td', { colspan: 10, class: 'empty' }, 'No block spans received yet.')));
  });
}

// ---------- Metrics ----------

// A 1, 2 or 5 times a power of ten step, so axis labels read 0, 25k, 50k… rather than 33.7k, 67.4k…
function niceStep(raw) {
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function drawChart(canvas, samples, color, from, to) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  canvas.width = width * ratio; canvas.height = height * ratio;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  const left = 52, right = 8, top = 8, bottom = 22;
  const plotW = width - left - right, plotH = height - top - bottom;
  const values = samples.map(s => s.value);
  const min = Math.min(0, ...values);
  const step = niceStep((Math.max(0, ...values) - min) / 4 || 1);
  const max = min + step * Math.max(1, Math.ceil((Math.max(0, ...values) - min) / step));
  const x = t => left + plotW * (t - from) / Math.max(1, to - from);
  const y = v => top + plotH * (1 - (v - min) / (max - min));

  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#8a8993';
  g.strokeStyle = '#2e2e35';
  g.lineWidth = 1;
  for (let v = min; v <= max + step / 2; v += step) {
    const yy = Math.round(y(v)) + .5;
    g.beginPath(); g.moveTo(left, yy); g.lineTo(width - right, yy); g.stroke();
    g.textAlign = 'right'; g.textBaseline = 'middle';
    g.fillText(number(v), left - 6, yy);
  }
  g.textBaseline = 'top';
  for (let i = 0; i <= 4; i++) {
    const t = from + (to - from) * i / 4;
    g.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center';
    g.fillText(new Date(t).toLocaleTimeString([], { hour12: false }), left + plotW * i / 4, height - bottom + 6);
  }
  if (!samples.length) {
    g.textAlign = 'center'; g.textBaseline = 'middle';
    g.fillText('no data yet', left + plotW / 2, top + plotH / 2);
    return;
  }
  const points = samples.map(s => [x(new Date(s.time).getTime()), y(s.value)]);
  g.beginPath();
  points.forEach(([px, py], i) => i ? g.lineTo(px, py) : g.moveTo(px, py));
  g.strokeStyle = color; g.lineWidth = 2; g.lineJoin = 'round';
  g.stroke();
  g.lineTo(points[points.length - 1][0], y(Math.max(min, 0)));
  g.lineTo(points[0][0], y(Math.max(min, 0)));
  g.closePath();
  const fill = g.createLinearGradient(0, top, 0, top + plotH);
  fill.addColorStop(0, color + '55'); fill.addColorStop(1, color + '05');
  g.fillStyle = fill;
  g.fill();
}

function chartCard(id, label) {
  const value = h('span', { class: 'value', id: id + '-value' }, '–');
  const source = h('div', { class: 'source', id: id + '-source' }, '');
  const canvas = h('canvas', { id: id + '-chart' });
  return { card: h('div', { class: 'chart-card', 'data-chart': id }, h('div', { class: 'title' }, h('h3', {}, label), value), source, canvas), value, source, canvas };
}

async function metricsPage() {
  title.textContent = 'Metrics';
  const windowPicker = h('select', { id: 'metrics-window' }, [['60', 'last minute'], ['300', 'last 5 minutes'], ['900', 'last 15 minutes']]
    .map(([v, l]) => h('option', { value: v, selected: v === '300' }, l)));
  replace(tools, windowPicker);
  const charts = {
    hashRate: chartCard('hash-rate', 'Hash rate (H/s)'),
    tps: chartCard('tps', 'Transactions per second'),
    height: chartCard('height', 'Chain height'),
    staleRate: chartCard('stale-rate', 'Stale rate'),
  };
  const colors = { hashRate: '#8c6cf2', tps: '#3fb9a4', height: '#5aa9f2', staleRate: '#f2a65a' };
  const instrumentBody = h('tbody');
  const selected = { name: null };
  const custom = chartCard('instrument', 'Select an instrument below');
  custom.card.style.display = 'none';
  replace(page,
    h('div', { class: 'charts' }, Object.values(charts).map(c => c.card)),
    h('h2', { class: 'section' }, 'Instruments received'),
    custom.card,
    h('div', { class: 'card', style: 'margin-top:12px' }, h('table', {}, h('thead', {}, h('tr', {},
      h('th', {}, 'Name'), h('th', {}, 'Kind'), h('th', {}, 'Unit'), h('th', {}, 'Services'), h('th', { class: 'num' }, 'Points'), h('th', {}, 'Last seen'))), instrumentBody)));

  poll(async () => {
    const seconds = windowPicker.value;
    const bucket = seconds > 300 ? 5 : seconds > 60 ? 2 : 1;
    const summary = await api(`/api/metrics/summary?seconds=${seconds}&bucket=${bucket}`);
    const from = new Date(summary.from).getTime(), to = new Date(summary.to).getTime();
    for (const [key, card] of Object.entries(charts)) {
      const series = summary[key];
      const last = series.samples.length ? series.samples[series.samples.length - 1].value : null;
      card.value.textContent = key === 'staleRate' && last !== null ? (100 * last).toFixed(1) + '%' : number(last);
      card.source.textContent = 'from ' + series.source;
      drawChart(card.canvas, series.samples, colors[key], from, to);
    }
    const instruments = await api('/api/metrics');
    replace(instrumentBody, instruments.length ? instruments.map(m => h('tr', { class: 'clickable', onclick: () => { selected.name = m.name; } },
      h('td', { class: 'mono' }, m.name), h('td', {}, h('span', { class: 'tag' }, m.kind)), h('td', { class: 'muted' }, m.unit),
      h('td', {}, m.services.map(chip)), h('td', { class: 'num' }, m.points), h('td', { class: 'muted mono' }, time(m.lastSeen)))) :
      h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No metrics received yet.')));
    if (selected.name) {
      const series = await api(`/api/metrics/${encodeURIComponent(selected.name)}?seconds=${seconds}&bucket=${bucket}`);
      custom.card.style.display = '';
      custom.card.querySelector('h3').textContent = series.name + (series.unit ? ' (' + series.unit + ')' : '');
      const last = series.samples.length ? series.samples[series.samples.length - 1].value : null;
      custom.value.textContent = number(last);
      custom.source.textContent = 'gauges: sum of each instance\'s latest value; counters: rate per second';
      drawChart(custom.canvas, series.samples, '#f06292', from, to);
    }
  });
}

// ---------- router ----------

async function route() {
  const [, pageName = 'resources', arg] = (location.hash || '#/resources').split('/');
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === pageName));
  generation++;
  clearTimeout(timer);
  replace(tools);
  replace(page);
  const id = arg ? decodeURIComponent(arg) : null;
  try {
    switch (pageName) {
      case 'console': await consolePage(id); break;
      case 'logs': await logsPage(); break;
      case 'traces': await (id ? traceDetailPage(id) : tracesPage()); break;
      case 'blocks': await blocksPage(); break;
      case 'metrics': await metricsPage(); break;
      default: await resourcesPage(); break;
    }
  } catch (error) {
    replace(page, h('div', { class: 'empty' }, 'Could not load: ' + error.message));
  }
}

window.addEventListener('hashchange', route);
route();
