// The innograph explorer: draws entities and their neighbourhoods with
// cytoscape, using only the public GraphQL API at /graphql.
//
// Page state lives in the URL (so a view can be shared and back/forward
// work): id (the entity drawn first), sel (the entity in the side panel),
// exp (expanded entities), hk / ht (hidden kinds / relation types),
// from / to (a connection to show). /explore?q=TEXT opens the best match.
//
// Around a hub (an entity with many neighbours) the drawing stays
// readable: neighbours are grouped by relation type and direction, at most
// CAP of each group are drawn at first (the most connected first), each
// group has a "show N more" (its caption in the drawing, and a button in
// the side panel; the URL keeps how many), and layout.js puts every node
// where its label covers no other. Long names are cut with an ellipsis; the
// whole name shows on hover and on the selected node.
//
// The page follows the graph live: a `changes` subscription (WebSocket,
// graphql-transport-ws, the vendored graphql-ws client) refreshes the side
// panel when a change touches the selected entity, removes what was
// retracted and draws new relations whose ends are drawn.
'use strict';

(function () {
  const KINDS = {
    INSTITUTION: { label: 'Institution', color: '#2563eb', shape: 'round-rectangle' },
    PARK: { label: 'Park or incubator', color: '#16a34a', shape: 'hexagon' },
    COMPANY: { label: 'Company', color: '#ea580c', shape: 'ellipse' },
    POLICY: { label: 'Policy', color: '#7c3aed', shape: 'diamond' },
    REGION: { label: 'Region', color: '#854d0e', shape: 'round-triangle' },
    PERSON: { label: 'Person', color: '#db2777', shape: 'star' },
    EVENT: { label: 'Event', color: '#0891b2', shape: 'round-tag' },
    PROJECT: { label: 'Project', color: '#65a30d', shape: 'round-pentagon' },
  };
  const NEIGHBOURS = 150;
  const CAP = 8; // neighbours drawn per group at first
  const MORE = 10; // neighbours each "show more" adds
  const EDGE_LABELS = 12; // above this many relations drawn, only some say their type
  const MAX_FIT_ZOOM = 1.6; // a small drawing is not blown up beyond this

  const $ = (id) => document.getElementById(id);
  const status = (text) => { $('status').textContent = text || ''; };
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const typeLabel = (t) => t.toLowerCase().replace(/_/g, ' ');

  async function gql(query, variables) {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors && body.errors.length) {
      throw new Error(body.errors.map((e) => e.message).join('; '));
    }
    return body.data;
  }

  // ---- state and URL ----

  // more: how many times "show more" was pressed per group, keyed
  // `HUB~TYPE~in|out` (in the URL as `HUB~TYPE~in|out~N`, comma-separated).
  const state = { id: null, sel: null, exp: [], hk: [], ht: [], from: null, to: null, more: {} };

  function readMore(list) {
    const more = {};
    list.forEach((item) => {
      const parts = item.split('~');
      const n = Number(parts.pop());
      if (parts.length === 3 && Number.isInteger(n) && n > 0) more[parts.join('~')] = n;
    });
    return more;
  }

  function readURL() {
    const p = new URLSearchParams(window.location.search);
    const list = (k) => (p.get(k) ? p.get(k).split(',').filter(Boolean) : []);
    return {
      id: p.get('id'), sel: p.get('sel'), exp: list('exp'), hk: list('hk'), ht: list('ht'),
      from: p.get('from'), to: p.get('to'), q: p.get('q'), more: readMore(list('more')),
    };
  }

  function writeURL(push) {
    const p = new URLSearchParams();
    if (state.id) p.set('id', state.id);
    if (state.sel && state.sel !== state.id) p.set('sel', state.sel);
    if (state.exp.length) p.set('exp', state.exp.join(','));
    if (state.hk.length) p.set('hk', state.hk.join(','));
    if (state.ht.length) p.set('ht', state.ht.join(','));
    const more = Object.entries(state.more).map(([k, n]) => `${k}~${n}`);
    if (more.length) p.set('more', more.join(','));
    if (state.from && state.to) { p.set('from', state.from); p.set('to', state.to); }
    const url = '/explore' + (p.toString() ? '?' + p.toString() : '');
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, '', url); else window.history.replaceState(null, '', url);
  }

  // ---- the graph ----

  const FONT = 'system-ui, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const cy = cytoscape({
    container: $('graph'),
    minZoom: 0.15,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)', 'background-color': 'data(color)', shape: 'data(shape)',
          width: 24, height: 24, 'font-size': 10, color: '#1d1d1f', 'text-valign': 'bottom',
          'font-family': FONT, 'text-margin-y': 3, 'text-wrap': 'ellipsis', 'text-max-width': 110,
          'border-width': 1, 'border-color': '#ffffff',
        },
      },
      // The centre says its Chinese name too, under the English one.
      {
        selector: 'node.center',
        style: { width: 36, height: 36, 'font-weight': 'bold', 'font-size': 12, label: 'data(title)', 'text-wrap': 'wrap', 'text-max-width': 220 },
      },
      { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#1d1d1f' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#c2410c' } },
      // The whole name, over whatever it covers, while hovered or selected.
      {
        selector: 'node.hover, node:selected',
        style: { 'text-max-width': 400, 'z-index': 20, 'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'text-background-padding': 2 },
      },
      // A group's caption: a label, no shape; tapping it shows more.
      {
        selector: 'node[?caption]',
        style: {
          shape: 'rectangle', width: 2, height: 2, 'background-opacity': 0, 'border-width': 0, label: 'data(label)',
          'text-valign': 'center', 'text-margin-y': 0, 'font-size': 9, 'font-style': 'italic', color: '#5f6368',
          'text-wrap': 'wrap', 'text-max-width': 150, 'text-background-color': '#f7f7f5', 'text-background-opacity': 0.9,
        },
      },
      { selector: 'node[?caption][?more]', style: { color: '#c2410c' } },
      {
        selector: 'edge',
        style: {
          width: 1.2, 'line-color': '#a3a3a3', 'target-arrow-color': '#a3a3a3', 'target-arrow-shape': 'triangle',
          'curve-style': 'bezier', 'arrow-scale': 0.8, label: '', 'font-size': 8, color: '#5f6368', 'font-family': FONT,
          'text-rotation': 'autorotate', 'text-background-color': '#f7f7f5', 'text-background-opacity': 0.8,
          'text-background-padding': 1,
        },
      },
      { selector: 'edge.labelled', style: { label: 'data(label)' } },
      { selector: 'edge.onpath', style: { 'line-color': '#c2410c', 'target-arrow-color': '#c2410c', width: 4, 'z-index': 10 } },
      { selector: 'node.onpath', style: { 'border-width': 4, 'border-color': '#c2410c' } },
      { selector: '.hidden', style: { display: 'none' } },
    ],
  });
  // What the live feed has seen: the last revision applied to the page.
  const live = { revision: null, connected: false, events: 0 };
  // How many times the drawing was laid out (also #graph's data-drawn, set
  // once the layout has stopped and the view is fitted): tests wait on it.
  const drawing = { count: 0 };
  window.innographExplorer = { cy, state, live, drawing };

  const title = (e) => (e.nameZh ? `${e.name}\n${e.nameZh}` : e.name);

  function addEntity(e) {
    const k = KINDS[e.kind] || { color: '#888', shape: 'ellipse' };
    const existing = cy.getElementById(e.id);
    if (existing.nonempty()) return existing;
    return cy.add({ group: 'nodes', data: { id: e.id, label: e.name, title: title(e), kind: e.kind, color: k.color, shape: k.shape } });
  }

  function addRelation(r) {
    const id = `${r.from.id}|${r.type}|${r.to.id}`;
    if (cy.getElementById(id).nonempty()) return;
    if (cy.getElementById(r.from.id).empty() || cy.getElementById(r.to.id).empty()) return;
    cy.add({ group: 'edges', data: { id, source: r.from.id, target: r.to.id, type: r.type, label: typeLabel(r.type) } });
  }

  const NEIGHBOURHOOD = `query($id: ID!, $limit: Int!) {
    neighborhood(id: $id, depth: 1, limit: $limit) {
      center { id name nameZh kind }
      nodes { entity { id name kind centrality { degree } } }
      edges { type from { id } to { id } }
      truncated
    }
  }`;

  // ---- hubs: entities drawn with their neighbours, in groups ----

  // id -> { id, name, entities: Map id -> entity, edges: [relation at the
  // hub], groups: [{ key, type, forward, label, members: [entity] }] }.
  const hubs = new Map();
  // The hubs in drawing order: the centre, then the expanded ones.
  const hubOrder = () => [state.id, ...state.exp].filter((id) => id && hubs.has(id));
  const drawn = (id) => cy.getElementById(id).nonempty();
  // Drawn whatever the caps say: the entities the view is about.
  const pinned = (id) => id === state.id || id === state.sel || state.exp.includes(id) || id === state.from || id === state.to;
  const groupLabel = (type, forward) => (forward ? `${typeLabel(type)} →` : `← ${typeLabel(type)}`);

  // Sorts a hub's neighbours into groups, one per relation type and
  // direction; a neighbour related in several ways goes to the largest of
  // its groups. Largest group first; in a group the most connected first.
  function regroup(hub) {
    const keysOf = new Map();
    const size = new Map();
    hub.edges.forEach((r) => {
      const forward = r.from.id === hub.id;
      const other = forward ? r.to.id : r.from.id;
      if (other === hub.id || !hub.entities.has(other)) return;
      const key = `${r.type}~${forward ? 'out' : 'in'}`;
      if (!keysOf.has(other)) keysOf.set(other, new Set());
      if (keysOf.get(other).has(key)) return;
      keysOf.get(other).add(key);
      size.set(key, (size.get(key) || 0) + 1);
    });
    const bySize = (a, b) => size.get(b) - size.get(a) || (a < b ? -1 : a > b ? 1 : 0);
    const groups = new Map();
    keysOf.forEach((keys, other) => {
      const key = [...keys].sort(bySize)[0];
      if (!groups.has(key)) {
        const [type, dir] = key.split('~');
        groups.set(key, { key, type, forward: dir === 'out', label: groupLabel(type, dir === 'out'), members: [] });
      }
      groups.get(key).members.push(hub.entities.get(other));
    });
    const degree = (e) => (e.centrality ? e.centrality.degree : 0);
    groups.forEach((g) => g.members.sort((a, b) => degree(b) - degree(a) || a.name.localeCompare(b.name)));
    hub.groups = [...groups.values()].sort((a, b) => b.members.length - a.members.length || bySize(a.key, b.key));
  }

  // Draws a hub's neighbours: in each group, those already drawn or
  // pinned, then the next ones in order up to CAP plus MORE per "show
  // more"; then its relations whose ends are drawn.
  function drawHub(id) {
    const hub = hubs.get(id);
    if (!hub) return;
    addEntity(hub.center);
    hub.groups.forEach((g) => {
      const limit = CAP + MORE * (state.more[`${id}~${g.key}`] || 0);
      g.members.filter((m) => pinned(m.id)).forEach(addEntity);
      let count = g.members.filter((m) => drawn(m.id)).length;
      g.members.forEach((m) => {
        if (count >= limit || drawn(m.id)) return;
        addEntity(m);
        count += 1;
      });
    });
    hub.edges.forEach(addRelation);
  }

  const captionId = (hub, key) => `group:${hub}~${key}`;

  // Each group's caption, "← located in · 8 of 28, show 10 more": for a
  // group with neighbours not drawn, and for every group of the centre
  // when the drawing is too busy for relations to say their type (an
  // expanded entity's neighbours may be drawn in other sectors already).
  function refreshCaptions() {
    const busy = cy.edges().length > EDGE_LABELS;
    const wanted = new Set();
    const fresh = [];
    cy.batch(() => {
      hubOrder().forEach((id) => {
        if (!drawn(id)) return;
        hubs.get(id).groups.forEach((g) => {
          const shown = g.members.filter((m) => drawn(m.id)).length;
          const hidden = g.members.length - shown;
          if (!hidden && !(busy && id === state.id)) return;
          const cid = captionId(id, g.key);
          wanted.add(cid);
          const label = hidden
            ? `${g.label} · ${shown} of ${g.members.length}\nshow ${Math.min(MORE, hidden)} more`
            : `${g.label} · ${shown}`;
          const node = cy.getElementById(cid);
          if (node.nonempty()) {
            node.data({ label, more: hidden > 0 });
          } else {
            const added = cy.add({ group: 'nodes', data: { id: cid, caption: true, hub: id, group: g.key, type: g.type, label, more: hidden > 0, color: '#ffffff', shape: 'rectangle' }, selectable: false, grabbable: false });
            fresh.push([added, cy.getElementById(id)]);
          }
        });
      });
      cy.nodes('[?caption]').filter((n) => !wanted.has(n.id())).remove();
    });
    // Until the next layout (a live change does not move the drawing).
    fresh.forEach(([node, hub]) => placeNear(node, hub));
  }

  async function loadNeighbourhood(id) {
    const data = await gql(NEIGHBOURHOOD, { id, limit: NEIGHBOURS });
    const n = data.neighborhood;
    if (!n) return false;
    const hub = {
      id: n.center.id, name: n.center.name, center: n.center,
      entities: new Map(n.nodes.map((x) => [x.entity.id, x.entity])),
      edges: n.edges.filter((r) => r.from.id === n.center.id || r.to.id === n.center.id),
      groups: [],
    };
    regroup(hub);
    hubs.set(hub.id, hub);
    cy.batch(() => {
      drawHub(hub.id);
      // Relations between drawn entities that other hubs walked.
      hubs.forEach((h) => h.edges.forEach(addRelation));
    });
    if (n.truncated) status(`Showing the first ${NEIGHBOURS} neighbours of ${n.center.name}.`);
    return true;
  }

  // Lays the drawing out (layout.js), fits it to the screen, and counts it.
  function layout() {
    const plan = {
      center: state.id,
      hubs: hubOrder().map((id) => ({
        id,
        groups: hubs.get(id).groups.map((g) => ({ members: g.members.map((m) => m.id), caption: captionId(id, g.key) })),
      })),
    };
    const at = window.innographLayout.positions(cy, plan);
    const run = cy.layout({ name: 'preset', positions: (n) => at[n.id()] || n.position(), fit: true, padding: 30, animate: false });
    run.one('layoutstop', () => {
      if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(); }
      drawing.count += 1;
      $('graph').dataset.drawn = String(drawing.count);
    });
    run.run();
  }

  // Everything that follows from what is drawn: captions, classes,
  // filters, the layout, the side panel's groups.
  function redraw() {
    refreshCaptions(); markNodes(); applyFilters(); layout(); renderGroups();
  }

  async function showMore(hub, key) {
    const k = `${hub}~${key}`;
    state.more[k] = (state.more[k] || 0) + 1;
    writeURL(true);
    cy.batch(() => drawHub(hub));
    redraw();
  }

  function applyFilters() {
    cy.batch(() => {
      cy.elements().removeClass('hidden');
      cy.nodes().filter((n) => state.hk.includes(n.data('kind'))).addClass('hidden');
      cy.edges().filter((e) => state.ht.includes(e.data('type'))).addClass('hidden');
      cy.nodes('[?caption]').filter((n) => state.ht.includes(n.data('type'))).addClass('hidden');
    });
    renderFilters();
  }

  // Which relations say their type: all of them in a small drawing; else
  // those on the highlighted path and those of the hovered node, or of the
  // selected one unless it is a hub (its captions say it).
  function labelEdges() {
    const all = cy.edges().length <= EDGE_LABELS;
    const speaks = (n) => n.hasClass('hover') || (n.selected() && !hubs.has(n.id()));
    cy.batch(() => cy.edges().forEach((e) => {
      e.toggleClass('labelled', all || e.hasClass('onpath') || speaks(e.source()) || speaks(e.target()));
    }));
  }

  function markNodes() {
    cy.nodes().removeClass('center expanded');
    if (state.id) cy.getElementById(state.id).addClass('center');
    state.exp.forEach((id) => cy.getElementById(id).addClass('expanded'));
    cy.nodes().unselect();
    if (state.sel) cy.getElementById(state.sel).select();
    labelEdges();
  }

  // The side panel's "show more": per hub, the groups with neighbours not
  // drawn yet.
  function renderGroups() {
    const parts = [];
    hubOrder().forEach((id) => {
      const hub = hubs.get(id);
      const rows = hub.groups.map((g) => ({ g, shown: g.members.filter((m) => drawn(m.id)).length }));
      const total = rows.reduce((n, r) => n + r.g.members.length, 0);
      const shown = rows.reduce((n, r) => n + r.shown, 0);
      if (shown === total) return;
      const items = rows.filter((r) => r.shown < r.g.members.length).map(({ g, shown: s }) => `<li class="group">
        <span class="group-name">${esc(g.label)}</span> <span class="meta">${s} of ${g.members.length}</span>
        <button type="button" class="secondary more" data-hub="${esc(id)}" data-group="${esc(g.key)}">Show ${Math.min(MORE, g.members.length - s)} more</button></li>`).join('');
      parts.push(`<h3>Around ${esc(hub.name)}</h3>
        <p class="meta">${shown} of ${total} neighbours drawn, the most connected first in each group.</p>
        <ul class="groups">${items}</ul>`);
    });
    const body = $('groups-body');
    body.innerHTML = parts.join('');
    $('groups-panel').hidden = !parts.length;
    body.querySelectorAll('button.more').forEach((b) => b.addEventListener('click', () => {
      showMore(b.dataset.hub, b.dataset.group).catch((err) => status(err.message));
    }));
  }

  // ---- legend and filters ----

  function checkbox(container, value, label, hidden, swatch, onChange) {
    const l = document.createElement('label');
    const c = document.createElement('input');
    c.type = 'checkbox';
    c.checked = !hidden;
    c.value = value;
    c.addEventListener('change', () => onChange(value, c.checked));
    l.appendChild(c);
    if (swatch) {
      const s = document.createElement('span');
      s.className = `swatch ${swatch.shape}`;
      s.style.background = swatch.color;
      l.appendChild(s);
    }
    l.appendChild(document.createTextNode(label));
    container.appendChild(l);
  }

  function toggle(list, value, shown) {
    const i = list.indexOf(value);
    if (shown && i >= 0) list.splice(i, 1);
    if (!shown && i < 0) list.push(value);
  }

  function renderFilters() {
    const kinds = $('kind-filters');
    kinds.textContent = '';
    Object.entries(KINDS).forEach(([kind, k]) => checkbox(kinds, kind, k.label, state.hk.includes(kind), k, (v, shown) => {
      toggle(state.hk, v, shown); applyFilters(); layout(); writeURL(true);
    }));
    const types = $('type-filters');
    types.textContent = '';
    const present = [...new Set(cy.edges().map((e) => e.data('type')).concat(state.ht))].sort();
    if (!present.length) types.textContent = 'none drawn yet';
    present.forEach((t) => checkbox(types, t, typeLabel(t), state.ht.includes(t), null, (v, shown) => {
      toggle(state.ht, v, shown); applyFilters(); layout(); writeURL(true);
    }));
  }

  // ---- the side panel ----

  const HISTORY = 5;
  const DETAILS = `query($id: ID!) {
    entity(id: $id) {
      id kind subtype name nameZh aliases description
      sources { id title outlet date }
      nameIsLabel
      facts { metric value min max unit period qualifier wording note sources { id title } }
      centrality { degree }
      history(first: ${HISTORY}) {
        totalCount
        edges { node { revision time key reason revertOf sources { id title } operations { op } } }
      }
    }
  }`;

  const cite = (sources) => sources.map((s) => `<span class="cite" data-source="${esc(s.id)}">${esc(s.title)}</span>`).join('; ');

  // 2026-12-01T22:55:14.798Z -> 2026-12-01 22:55 UTC
  const when = (t) => esc(String(t).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC'));
  const opLabel = (op) => op.toLowerCase().replace(/_/g, ' ');

  // The entity's recent changes (newest first), or that it has none.
  function changesHTML(history) {
    if (!history.edges.length) return '<p class="no-changes meta">No changes since the data was loaded.</p>';
    const items = history.edges.map(({ node: c }) => {
      const ops = [...new Set(c.operations.map((o) => opLabel(o.op)))].join(', ');
      return `<li class="change" data-revision="${c.revision}">
        <span class="meta">Revision ${c.revision} · ${when(c.time)} · key <code>${esc(c.key)}</code></span>
        <br><span class="reason">${esc(c.reason)}</span>
        <br><span class="ops">${esc(ops)}${c.revertOf != null ? ` (reverts revision ${c.revertOf})` : ''}</span>${c.sources.length ? ` · ${cite(c.sources)}` : ''}</li>`;
    }).join('');
    const more = history.totalCount - history.edges.length;
    return `<ol class="changes">${items}</ol>${more > 0 ? `<p class="meta">and ${more} earlier (<code>history</code> in the playground lists them all)</p>` : ''}`;
  }

  // Panels are filled by the latest request only (a live change and a
  // click can overlap).
  let panelAsked = 0;

  async function showPanel(id) {
    const panel = $('panel');
    const mine = ++panelAsked;
    if (!id) { panel.hidden = true; return; }
    const { entity: e } = await gql(DETAILS, { id });
    if (mine !== panelAsked) return;
    if (!e) { panel.hidden = true; return; }
    const k = KINDS[e.kind] || { label: e.kind };
    // A figure reads as the article gives it: a value with its qualifier, a
    // range, or the article's words where it gives no number.
    const num = (v) => esc(v.toLocaleString('en'));
    const figure = (f) => {
      if (f.qualifier === 'RANGE') return `${num(f.min)}–${num(f.max)}`;
      if (f.qualifier === 'INDEFINITE') return `“${esc(f.wording || '')}”${f.min != null ? ` (at least ${num(f.min)})` : ''}`;
      const q = f.qualifier && f.qualifier !== 'EXACT' ? esc(f.qualifier.toLowerCase().replace(/_/g, ' ')) + ' ' : '';
      return q + (f.value != null ? num(f.value) : '');
    };
    const facts = e.facts.map((f) => `<li class="fact"><span class="fact-metric">${esc(f.metric.replace(/_/g, ' '))}</span>:
      <span class="fact-value">${figure(f)}${f.unit ? ' ' + esc(f.unit) : ''}</span>${f.period ? ` <span class="period">(${esc(f.period)})</span>` : ''}${f.note ? ` — ${esc(f.note)}` : ''}
      <br>${cite(f.sources)}</li>`).join('');
    const expanded = state.exp.includes(e.id) || e.id === state.id;
    $('panel-body').innerHTML = `
      <h2 id="panel-name">${esc(e.name)}</h2>
      ${e.nameIsLabel ? '<p class="meta">Descriptive label: the articles give no name.</p>' : ''}
      <p class="meta">${esc(k.label)}${e.subtype ? ' · ' + esc(e.subtype) : ''} · ${e.centrality.degree} relation${e.centrality.degree === 1 ? '' : 's'} · <code>${esc(e.id)}</code></p>
      ${e.nameZh ? `<p lang="zh">${esc(e.nameZh)}</p>` : ''}
      ${e.aliases.length ? `<p class="meta">Also: ${e.aliases.map(esc).join(', ')}</p>` : ''}
      ${e.description ? `<p>${esc(e.description)}</p>` : ''}
      <p><button id="expand" type="button" class="secondary" ${expanded ? 'disabled' : ''}>${expanded ? 'Neighbours shown' : 'Expand neighbours'}</button></p>
      ${facts ? `<h3>Facts</h3><ul class="facts">${facts}</ul>` : ''}
      <h3>Sources</h3>
      <ul class="sources">${e.sources.map((s) => `<li class="source">${esc(s.title)}${s.outlet ? `, <i>${esc(s.outlet)}</i>` : ''}${s.date ? ` (${esc(s.date)})` : ''}</li>`).join('')}</ul>
      <h3>Recent changes</h3>
      <div id="panel-changes">${changesHTML(e.history)}</div>`;
    panel.hidden = false;
    const button = $('expand');
    if (button && !expanded) button.addEventListener('click', () => expand(e.id));
  }

  // ---- actions ----

  async function expand(id) {
    if (state.exp.includes(id) || id === state.id) return;
    state.exp.push(id);
    writeURL(true);
    await loadNeighbourhood(id);
    redraw();
    await showPanel(state.sel);
  }

  async function select(id) {
    state.sel = id;
    writeURL(true);
    markNodes();
    await showPanel(id);
  }

  async function open(id) {
    state.id = id; state.sel = id; state.exp = []; state.more = {};
    writeURL(true);
    await render();
  }

  // Draws everything the state asks for, from scratch.
  async function render() {
    status('');
    cy.elements().remove();
    hubs.clear();
    $('hint').hidden = !!state.id;
    try {
      if (state.id) {
        await loadNeighbourhood(state.id);
        for (const id of state.exp) await loadNeighbourhood(id);
      }
      redraw();
      await showPanel(state.sel || state.id);
      if (state.from && state.to) await connect(state.from, state.to, false);
      else $('path-panel').hidden = true;
    } catch (err) {
      status(err.message);
    }
  }

  const PATHS = `query($from: ID!, $to: ID!) {
    paths(from: $from, to: $to, first: 3) {
      paths {
        length evidence
        hops { from { id name kind } to { id name kind } forward relation { type from { id } to { id } sources { id title } } }
      }
      reason message
    }
  }`;

  async function connect(from, to, push) {
    state.from = from; state.to = to;
    if (push) writeURL(true);
    const panel = $('path-panel');
    const body = $('path-body');
    panel.hidden = false;
    body.textContent = 'Looking for a connection…';
    const data = await gql(PATHS, { from, to });
    const result = data.paths;
    cy.elements().removeClass('onpath');
    labelEdges();
    if (!result.paths.length) {
      body.innerHTML = `<p class="no-path">${esc(result.message || 'No connection within the limits.')}</p>`;
      return;
    }
    cy.batch(() => {
      result.paths.forEach((p) => p.hops.forEach((h) => {
        addEntity(h.from); addEntity(h.to); addRelation(h.relation);
      }));
    });
    const best = result.paths[0];
    best.hops.forEach((h) => {
      const r = h.relation;
      cy.getElementById(`${r.from.id}|${r.type}|${r.to.id}`).addClass('onpath');
      cy.getElementById(h.from.id).addClass('onpath');
      cy.getElementById(h.to.id).addClass('onpath');
    });
    redraw();
    const list = (p, i) => `<h3>${i === 0 ? 'Shortest' : 'Also'}: ${p.length} hop${p.length === 1 ? '' : 's'}, ${p.evidence} citation${p.evidence === 1 ? '' : 's'}</h3>
      <ol class="hops">${p.hops.map((h) => `<li class="hop"><b>${esc(h.from.name)}</b>
        ${h.forward ? '' : '← '}<i>${esc(typeLabel(h.relation.type))}</i>${h.forward ? ' →' : ''} <b>${esc(h.to.name)}</b>
        <br>${cite(h.relation.sources)}</li>`).join('')}</ol>`;
    body.innerHTML = result.paths.map(list).join('');
  }

  // ---- type-ahead pickers ----

  // Each suggestion asks why it matched: the names come cut into segments,
  // the matched ones highlighted.
  const SEARCH = `query($q: String!) { search(query: $q, first: 8) { edges {
    node { id name nameZh kind }
    match { name { text matched } nameZh { text matched } } } } }`;

  // A span of class `cls` holding `segments` (text nodes, <mark> for the
  // matched ones), or `text` plain when there are no segments.
  function highlighted(cls, text, segments, lang) {
    const span = document.createElement('span');
    if (cls) span.className = cls;
    if (lang) span.lang = lang;
    if (!segments) { span.textContent = text; return span; }
    segments.forEach((s) => {
      if (!s.matched) { span.appendChild(document.createTextNode(s.text)); return; }
      const m = document.createElement('mark');
      m.textContent = s.text;
      span.appendChild(m);
    });
    return span;
  }

  function picker(input, list, onPick) {
    let items = [];
    let active = -1;
    let timer = null;
    let asked = 0;
    const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; };
    const mark = () => [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const pick = (i) => {
      const e = items[i];
      if (!e) return;
      input.value = e.name;
      input.dataset.id = e.id;
      close();
      onPick(e);
    };
    input.addEventListener('input', () => {
      delete input.dataset.id;
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(async () => {
        const mine = ++asked;
        let data;
        try { data = await gql(SEARCH, { q }); } catch (err) { status(err.message); return; }
        if (mine !== asked) return;
        const edges = data.search.edges;
        items = edges.map((e) => e.node);
        list.textContent = '';
        items.forEach((e, i) => {
          const li = document.createElement('li');
          li.setAttribute('role', 'option');
          li.id = `${list.id}-${i}`;
          const why = edges[i].match || {};
          li.appendChild(highlighted('name', e.name, why.name));
          if (e.nameZh) li.appendChild(highlighted('', e.nameZh, why.nameZh, 'zh'));
          li.appendChild(highlighted('kind', (KINDS[e.kind] || { label: e.kind }).label));
          li.addEventListener('mousedown', (ev) => { ev.preventDefault(); pick(i); });
          list.appendChild(li);
        });
        active = items.length ? 0 : -1;
        mark();
        list.hidden = !items.length;
        input.setAttribute('aria-expanded', String(!!items.length));
      }, 150);
    });
    input.addEventListener('keydown', (ev) => {
      if (list.hidden) return;
      if (ev.key === 'ArrowDown') { active = Math.min(active + 1, items.length - 1); mark(); ev.preventDefault(); }
      else if (ev.key === 'ArrowUp') { active = Math.max(active - 1, 0); mark(); ev.preventDefault(); }
      else if (ev.key === 'Enter') { if (active >= 0) { pick(active); ev.preventDefault(); } }
      else if (ev.key === 'Escape') close();
      if (active >= 0) input.setAttribute('aria-activedescendant', `${list.id}-${active}`);
    });
    input.addEventListener('blur', () => setTimeout(close, 100));
  }

  picker($('search'), $('search-list'), (e) => { open(e.id).catch((err) => status(err.message)); });
  picker($('from'), $('from-list'), () => {});
  picker($('to'), $('to-list'), () => {});
  $('connect').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const from = $('from').dataset.id;
    const to = $('to').dataset.id;
    if (!from || !to) { status('Pick both entities from the suggestions first.'); return; }
    connect(from, to, true).catch((err) => status(err.message));
  });

  cy.on('tap', 'node[!caption]', (ev) => { select(ev.target.id()).catch((err) => status(err.message)); });
  cy.on('dbltap', 'node[!caption]', (ev) => { expand(ev.target.id()).catch((err) => status(err.message)); });
  cy.on('tap', 'node[?caption][?more]', (ev) => {
    showMore(ev.target.data('hub'), ev.target.data('group')).catch((err) => status(err.message));
  });
  cy.on('mouseover', 'node[!caption]', (ev) => { ev.target.addClass('hover'); labelEdges(); });
  cy.on('mouseout', 'node[!caption]', (ev) => { ev.target.removeClass('hover'); labelEdges(); });

  // ---- live changes ----

  // What an operation's target names: an entity id, a relation
  // (`from|type|to`, the type in lower case), a fact (`entity#...`) or a
  // source (no `/`).
  function targetOf(target) {
    const parts = target.split('|');
    if (parts.length === 3) {
      const [from, type, to] = parts;
      return { entities: [from, to], relation: { from, type: type.toUpperCase(), to } };
    }
    const entity = target.split('#')[0];
    return { entities: entity.includes('/') ? [entity] : [], relation: null };
  }

  // Whether `id` is drawn with its neighbours (so a new relation of it
  // belongs in the drawing even if its other end is not drawn yet).
  const complete = (id) => (id === state.id || state.exp.includes(id)) && hubs.has(id);

  // Puts a new node next to a drawn one where it covers nothing, leaving
  // the rest where it is.
  function placeNear(node, other) {
    node.position(window.innographLayout.near(cy, node, other));
  }

  // Keeps the hubs' groups in step with a change: a relation added or
  // retracted at a hub, an entity retracted or renamed.
  const sameRelation = (r, f, type, t) => r.from.id === f && r.type === type && r.to.id === t;
  function hubsSee(op, t, entity) {
    hubs.forEach((hub) => {
      let touched = false;
      if (op.op === 'RETRACT_ENTITY') {
        touched = hub.entities.delete(op.target);
        hub.edges = hub.edges.filter((r) => r.from.id !== op.target && r.to.id !== op.target);
      } else if (op.op === 'RETRACT_RELATION' && t.relation) {
        const before = hub.edges.length;
        hub.edges = hub.edges.filter((r) => !sameRelation(r, t.relation.from, t.relation.type, t.relation.to));
        touched = hub.edges.length !== before;
      } else if (op.op === 'ADD_RELATION' && t.relation && entity && [t.relation.from, t.relation.to].includes(hub.id)) {
        const { from, type, to } = t.relation;
        if (!hub.edges.some((r) => sameRelation(r, from, type, to))) hub.edges.push({ type, from: { id: from }, to: { id: to } });
        if (entity.id !== hub.id && !hub.entities.has(entity.id)) hub.entities.set(entity.id, entity);
        touched = true;
      } else if (op.op === 'UPDATE_ENTITY' && entity && hub.entities.has(entity.id)) {
        Object.assign(hub.entities.get(entity.id), { name: entity.name });
        touched = true;
      }
      if (touched) regroup(hub);
    });
    if (op.op === 'RETRACT_ENTITY') hubs.delete(op.target);
  }

  const ENTITY = 'query($id: ID!) { entity(id: $id) { id name nameZh kind centrality { degree } } }';

  async function onChange(change) {
    if (live.revision != null && change.revision <= live.revision) return;
    live.revision = change.revision;
    live.events += 1;
    let panel = false;
    let changed = false;
    let retractedSel = null;
    const added = [];
    for (const op of change.operations) {
      const t = targetOf(op.target);
      if (state.sel && t.entities.includes(state.sel)) panel = true;
      if (op.op === 'RETRACT_ENTITY') {
        const node = cy.getElementById(op.target);
        if (op.target === state.sel) retractedSel = node.nonempty() ? node.data('label') : $('panel-name')?.textContent;
        if (node.nonempty()) { node.remove(); changed = true; }
        if (hubs.has(op.target)) changed = true;
        hubsSee(op, t, null);
      } else if (op.op === 'RETRACT_RELATION' && t.relation) {
        const edge = cy.getElementById(`${t.relation.from}|${t.relation.type}|${t.relation.to}`);
        if (edge.nonempty()) { edge.remove(); changed = true; }
        hubsSee(op, t, null);
      } else if (op.op === 'ADD_RELATION' && t.relation) {
        const { from, to } = t.relation;
        const a = cy.getElementById(from);
        const b = cy.getElementById(to);
        const missing = a.empty() && b.nonempty() && complete(to) ? from : b.empty() && a.nonempty() && complete(from) ? to : null;
        // The end that is not a hub, as the hubs' groups keep it.
        const otherEnd = hubs.has(from) ? to : from;
        let entity = null;
        if (missing || (hubs.has(from) || hubs.has(to))) {
          entity = (await gql(ENTITY, { id: missing || otherEnd })).entity;
        }
        if (missing && entity) {
          const node = addEntity(entity);
          placeNear(node, missing === from ? b : a);
          added.push(node);
        }
        if (entity) hubsSee(op, t, entity);
        if (cy.getElementById(from).nonempty() && cy.getElementById(to).nonempty()) {
          addRelation({ from: { id: from }, type: t.relation.type, to: { id: to } });
          changed = true;
        }
      } else if (op.op === 'UPDATE_ENTITY' && cy.getElementById(op.target).nonempty()) {
        const { entity } = await gql(ENTITY, { id: op.target });
        if (entity) {
          cy.getElementById(op.target).data({ label: entity.name, title: title(entity) });
          hubsSee(op, t, entity);
          changed = true;
        }
      }
    }
    if (changed) { refreshCaptions(); markNodes(); applyFilters(); renderGroups(); }
    // A new node off screen: show the whole drawing again.
    const view = cy.extent();
    const outside = (n) => { const p = n.position(); return p.x < view.x1 || p.x > view.x2 || p.y < view.y1 || p.y > view.y2; };
    if (added.some(outside)) cy.fit(undefined, 30);
    if (retractedSel != null) {
      panelAsked += 1;
      $('panel-body').innerHTML = `<h2 id="panel-name">${esc(retractedSel)}</h2>
        <p class="retracted">Retracted in revision ${change.revision}: <span class="reason">${esc(change.reason)}</span></p>
        <p class="meta">It is kept in the history; <code>revert(revision: ${change.revision})</code> brings it back.</p>`;
      $('panel').hidden = false;
    } else if (panel) {
      await showPanel(state.sel);
    }
  }

  const CHANGES = `subscription($since: Int) { changes(since: $since) { revision reason operations { op target } } }`;

  // Subscribes from the revision the page started at, so nothing made
  // after it is missed (a reconnect sends the same subscription again; the
  // revisions seen are skipped).
  async function follow() {
    if (!window.graphqlWs) return;
    const { revision } = await gql('{ revision }');
    live.revision = revision;
    const url = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/graphql';
    const client = graphqlWs.createClient({
      url,
      lazy: false,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: {
        connected: () => { live.connected = true; },
        closed: () => { live.connected = false; },
      },
    });
    // Changes are applied one at a time, in order. Should the server end
    // the feed (FELL_BEHIND), it is taken up again after the last one seen.
    let queue = Promise.resolve();
    const subscribe = () => client.subscribe({ query: CHANGES, variables: { since: live.revision } }, {
      next: (result) => {
        const change = result.data && result.data.changes;
        if (!change) return;
        queue = queue.then(() => onChange(change)).catch((err) => status(err.message));
      },
      error: () => { live.connected = false; setTimeout(subscribe, 2000); },
      complete: () => { setTimeout(subscribe, 2000); },
    });
    subscribe();
  }

  // ---- start, and back/forward ----

  async function fromURL() {
    const u = readURL();
    if (u.q && !u.id) {
      const data = await gql(`query($q: String!) { search(query: $q, first: 1) { edges { node { id name } } } }`, { q: u.q });
      const best = data.search.edges[0];
      if (!best) { status(`Nothing matches “${u.q}”.`); return; }
      u.id = best.node.id;
      $('search').value = best.node.name;
      Object.assign(state, { id: u.id, sel: u.id, exp: [], hk: [], ht: [], from: null, to: null, more: {} });
      writeURL(false);
    } else {
      Object.assign(state, { id: u.id, sel: u.sel || u.id, exp: u.exp, hk: u.hk, ht: u.ht, from: u.from, to: u.to, more: u.more });
    }
    const names = await Promise.all([state.from, state.to].map(async (id) => {
      if (!id) return '';
      const d = await gql('query($id: ID!) { entity(id: $id) { name } }', { id });
      return d.entity ? d.entity.name : '';
    }));
    if (state.from) { $('from').value = names[0]; $('from').dataset.id = state.from; }
    if (state.to) { $('to').value = names[1]; $('to').dataset.id = state.to; }
    await render();
  }

  window.addEventListener('popstate', () => { fromURL().catch((err) => status(err.message)); });
  renderFilters();
  fromURL().catch((err) => status(err.message));
  follow().catch((err) => status(err.message));
}());
