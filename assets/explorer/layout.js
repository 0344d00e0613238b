// Where the explorer draws each node: computed here instead of by a force
// layout, so that around a hub (an entity with dozens of neighbours) the
// labels never cover each other.
//
// Every entity drawn with its neighbours (the centre, each expanded one) is
// a hub: its neighbours come in groups (one per relation type and
// direction), each group in its own sector around the hub, its caption
// beyond it. The centre's sectors share the full circle; an expanded
// entity's fan out away from whatever it was placed around. Everything
// else (the ends of a connection, say) goes next to a drawn neighbour.
//
// Each node is measured with its label as cytoscape will draw it (the box
// of `node.boundingBox({ includeLabels: true })`, plus a small gap) and put
// on its ray at the first distance where that box covers no box already
// placed. Zooming scales every box alike, so labels that do not overlap
// here do not overlap on screen at any zoom.
//
// window.innographLayout.positions(cy, plan) -> { id: { x, y } }
//   plan.center  the centre's id, or null
//   plan.hubs    [{ id, groups: [{ members: [id, …], caption: id | null }] }],
//                the centre's first, members in drawing order
'use strict';

(function () {
  const GAP = 3; // model px kept free on each side of a node with its label
  const STEP = 4; // how far out a node moves per try
  const RING = 130; // the smallest distance from a hub to its neighbours
  const FAN = 70; // the same for an expanded entity's fan

  const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

  // A node's box with its label, relative to its position; null for a node
  // that is not displayed (it takes no room).
  function extent(node) {
    if (!node.visible()) return null;
    const p = node.position();
    const b = node.boundingBox({ includeLabels: true, includeNodes: true, includeEdges: false, includeOverlays: false });
    if (![b.x1, b.x2, b.y1, b.y2].every(Number.isFinite)) return null;
    return { x1: b.x1 - p.x - GAP, x2: b.x2 - p.x + GAP, y1: b.y1 - p.y - GAP, y2: b.y2 - p.y + GAP };
  }

  function positions(cy, plan) {
    const boxes = new Map();
    cy.nodes().forEach((n) => boxes.set(n.id(), extent(n)));
    const pos = new Map();
    const around = new Map(); // id -> the position it was placed around
    const taken = [];
    const placed = (id) => pos.has(id);
    const there = (id) => cy.getElementById(id).nonempty();

    const rectAt = (id, x, y) => {
      const b = boxes.get(id);
      return b && { x1: x + b.x1, x2: x + b.x2, y1: y + b.y1, y2: y + b.y2 };
    };
    // Puts `id` around `o` at `angle`, `r` or further out: the first spot
    // where its box covers no other, trying at each distance the angle
    // itself, then angles up to `slack` either side of it (nearest first).
    // Returns the distance.
    function put(id, o, angle, r, slack = 0) {
      for (let tries = 0; tries < 5000; tries += 1, r += STEP) {
        // Tries about every 8 px along the arc.
        const steps = slack > 0 ? Math.min(12, Math.floor((slack * r) / 8)) : 0;
        for (let k = 0; k <= 2 * steps; k += 1) {
          const off = k === 0 ? 0 : (Math.ceil(k / 2) * (k % 2 ? 1 : -1) * slack) / steps;
          const x = o.x + r * Math.cos(angle + off);
          const y = o.y + r * Math.sin(angle + off);
          const rect = rectAt(id, x, y);
          if (!rect || !taken.some((t) => overlaps(rect, t))) {
            if (rect) taken.push(rect);
            pos.set(id, { x, y });
            around.set(id, o);
            return r;
          }
        }
      }
      pos.set(id, { x: o.x + r * Math.cos(angle), y: o.y + r * Math.sin(angle) });
      return r;
    }
    // The first free spot right of everything placed, for a node with no
    // placed neighbour.
    function putAside(id) {
      let x2 = 0;
      taken.forEach((t) => { x2 = Math.max(x2, t.x2); });
      const b = boxes.get(id);
      put(id, { x: taken.length ? x2 + (b ? -b.x1 : 0) + 40 : 0, y: 0 }, 0, 0);
    }
    const width = (id) => { const b = boxes.get(id); return b ? b.x2 - b.x1 : 0; };
    const height = (id) => { const b = boxes.get(id); return b ? b.y2 - b.y1 : 0; };

    // Lays out a hub's groups in sectors of the arc `spread` wide around
    // `dir`, each member on its own ray, the caption beyond the members.
    function fan(hub, dir, spread, r0) {
      const o = pos.get(hub.id);
      const groups = hub.groups.map((g) => ({
        members: g.members.filter((id) => there(id) && !placed(id)),
        caption: g.caption && there(g.caption) && !placed(g.caption) ? g.caption : null,
      })).filter((g) => g.members.length || g.caption);
      const weight = (g) => g.members.length + (g.caption ? 1 : 0);
      const total = groups.reduce((n, g) => n + weight(g), 0);
      if (!total) return;
      // The ring grows with what it holds: room on its circumference for
      // about half of the boxes side by side (the rest are pushed out).
      const need = groups.reduce((n, g) => n + g.members.reduce((m, id) => m + (width(id) + height(id)) / 2, 0), 0);
      const r = Math.max(r0, (need * 0.5 * (2 * Math.PI / spread)) / (2 * Math.PI));
      // Around the centre the first (largest) group is centred on `dir`;
      // a fan is centred on it as a whole.
      const full = spread >= 2 * Math.PI - 1e-9;
      let a = full ? dir - (spread * weight(groups[0])) / total / 2 : dir - spread / 2;
      groups.forEach((g) => {
        const share = (spread * weight(g)) / total;
        // The caption goes just beyond the member nearest the sector's
        // middle.
        const mid = (g.members.length - 1) / 2;
        let near = r;
        g.members.forEach((id, i) => {
          // Each member may move within its slice of the sector.
          const slice = share / g.members.length;
          const at = put(id, o, a + slice * (i + 0.5), r, slice / 2);
          if (Math.abs(i - mid) < 1) near = Math.max(near, at);
        });
        if (g.caption) put(g.caption, o, a + share / 2, g.members.length ? near + 20 : r, share / 2);
        a += share;
      });
    }

    // The centre (or else the first hub) in the middle.
    const first = plan.center && there(plan.center) ? plan.center : plan.hubs.map((h) => h.id).find(there);
    if (first) put(first, { x: 0, y: 0 }, 0, 0);

    // Hubs in order, each once it is placed (a hub not placed by an earlier
    // one is put aside).
    const hubs = plan.hubs.filter((h) => there(h.id));
    const done = new Set();
    while (done.size < hubs.length) {
      let hub = hubs.find((h) => !done.has(h.id) && placed(h.id));
      if (!hub) {
        hub = hubs.find((h) => !done.has(h.id));
        putAside(hub.id);
      }
      done.add(hub.id);
      const o = pos.get(hub.id);
      const from = around.get(hub.id);
      if (hub.id === first || !from || (from.x === o.x && from.y === o.y)) {
        // The largest group to the right: a relation drawn across reads
        // best, clear of the labels under the nodes.
        fan(hub, 0, 2 * Math.PI, RING);
      } else {
        const n = hub.groups.reduce((k, g) => k + g.members.filter((id) => there(id) && !placed(id)).length, 0);
        const spread = Math.min(Math.PI * 1.2, Math.max(Math.PI / 3, n * 0.3));
        fan(hub, Math.atan2(o.y - from.y, o.x - from.x), spread, FAN);
      }
    }

    // The rest next to a placed neighbour, away from where that one came
    // from; what has none goes aside.
    const rest = cy.nodes().filter((n) => !placed(n.id()));
    let left = rest.map((n) => n.id());
    while (left.length) {
      let progress = false;
      left = left.filter((id) => {
        const next = cy.getElementById(id).neighborhood('node').filter((m) => placed(m.id())).first();
        if (next.empty()) return true;
        const o = pos.get(next.id());
        const from = around.get(next.id()) || { x: o.x - 1, y: o.y };
        const dir = from.x === o.x && from.y === o.y ? 0 : Math.atan2(o.y - from.y, o.x - from.x);
        put(id, o, dir, 60);
        progress = true;
        return false;
      });
      if (!progress && left.length) putAside(left.shift());
    }

    const out = {};
    pos.forEach((p, id) => { out[id] = p; });
    return out;
  }

  // A spot for `node` near `other` where it covers nothing drawn (for a
  // node added by a live change, without moving the rest).
  function near(cy, node, other) {
    const others = cy.nodes().filter((n) => n.id() !== node.id() && n.visible());
    const rects = others.map((n) => {
      const b = extent(n);
      const p = n.position();
      return b && { x1: p.x + b.x1, x2: p.x + b.x2, y1: p.y + b.y1, y2: p.y + b.y2 };
    }).filter(Boolean);
    const b = extent(node) || { x1: -15, x2: 15, y1: -15, y2: 15 };
    const o = other.position();
    for (let r = 60; r < 5000; r += STEP * 2) {
      for (let k = 0; k < 12; k += 1) {
        const a = (k * Math.PI) / 6;
        const x = o.x + r * Math.cos(a);
        const y = o.y + r * Math.sin(a);
        const rect = { x1: x + b.x1, x2: x + b.x2, y1: y + b.y1, y2: y + b.y2 };
        if (!rects.some((t) => overlaps(rect, t))) return { x, y };
      }
    }
    return { x: o.x + 60, y: o.y };
  }

  window.innographLayout = { positions, near, overlaps };
}());
