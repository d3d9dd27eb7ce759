/*
 * kal demo page: renders the snapshot that the demo pushes on /ws every 500 ms (and serves on
 * GET /api/snapshot), one card per layer, and posts faults to /api/fault.
 *
 * The page's own WebSocket is kal-ws.js, so the page shows the same mechanism it demonstrates: when the
 * demo stops, the header says so within heartbeatInterval + heartbeatTimeout and the page comes back
 * by itself once the demo runs again.
 *
 * Hooks for tests: section.layer[data-layer][data-status], [data-counter][data-value],
 * button[data-fault], [data-role=fault-reply], [data-role=timeline][data-phase][data-injected-at-ms],
 * #uptime[data-uptime-ms],
 * #ws-state[data-state][data-messages].
 */
(function () {
  'use strict';

  var FAULTS = [
    {kind: 'drop', label: 'drop', help: 'the proxy silently forgets every current flow'},
    {kind: 'idle-drop', label: 'idle drop',
      help: 'for 10 s the proxy forgets any flow idle for 1.5 s, as a NAT does: keepalive traffic prevents it'},
    {kind: 'blackhole', label: 'blackhole', help: 'the proxy forwards nothing for 5 s'},
    {kind: 'reset', label: 'reset', help: 'RST on every current flow'}
  ];
  var KILL = {kind: 'kill', label: 'kill backends', help: 'pg_terminate_backend on the pool\'s sessions'};
  var STATUS_TEXT = {ok: 'ok', fault: 'fault injected', detected: 'fault detected', unavailable: 'unavailable'};
  var PHI_CAP = 16;
  // what each layer's series is (one sample per 500 ms); an unknown layer gets a plain caption
  var SERIES = {http: 'request latency ms', ws: 'rtt ms', db: 'select 1 ms', heartbeat: 'phi of node-b'};

  var cards = {};          // layer name -> {root, parts...}
  var lastUptimeMs = null;
  var wsMessages = 0;
  var pageEvents = [];     // page-side events (own WebSocket, fault replies), merged into the log

  // ---------- small DOM helpers ----------

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (attrs[k] === null || attrs[k] === undefined) continue;
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'class') e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      }
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  // ---------- formatting ----------

  function seconds(ms) {
    if (ms === null || ms === undefined) return '–';
    return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s';
  }

  /** A duration: milliseconds below one second, where the detection times of a live peer land. */
  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    return ms < 1000 ? Math.round(ms) + ' ms' : seconds(ms);
  }

  function uptime(ms) {
    var s = Math.floor(ms / 1000);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    s = s % 60;
    return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + s + 's';
  }

  function number(label, v) {
    if (typeof v !== 'number') return v === null || v === undefined ? '–' : String(v);
    if (/ratio/.test(label) && v >= 0 && v <= 1) return (v * 100).toFixed(1) + ' %';
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  // ---------- cards ----------

  function card(name, layer) {
    var badge = el('span', {class: 'badge', 'data-role': 'status', role: 'status'});
    var title = el('h2', {id: 'title-' + name});
    var settings = el('p', {class: 'settings', 'data-role': 'settings'});
    var reply = el('p', {class: 'reply', 'data-role': 'fault-reply', 'aria-live': 'polite'});
    var buttons = el('div', {class: 'faults', role: 'group', 'aria-label': 'inject a fault'});
    var kinds = FAULTS.concat(name === 'db' ? [KILL] : []);
    kinds.forEach(function (f) {
      var b = el('button', {type: 'button', class: 'fault-button' + (f.kind === 'kill' ? ' danger' : ''),
        'data-fault': f.kind, title: f.help, text: f.label});
      b.addEventListener('click', function () { inject(name, f.kind, b, reply); });
      buttons.appendChild(b);
    });
    var timeline = el('div', {class: 'timeline', 'data-role': 'timeline', 'data-phase': 'none'});
    var counters = el('dl', {class: 'numbers', 'data-role': 'counters'});
    var metrics = el('dl', {class: 'numbers metrics', 'data-role': 'metrics'});
    var spark = el('figure', {class: 'spark', 'data-role': 'series'});
    var conns = el('ul', {class: 'conns', 'data-role': 'connections', 'aria-label': 'connections'});
    var peers = name === 'heartbeat' || layer.peers ? el('figure', {class: 'peers', 'data-role': 'peers'}) : null;

    var root = el('section', {class: 'layer', 'data-layer': name, 'data-status': 'ok', 'aria-labelledby': 'title-' + name}, [
      el('div', {class: 'card-head'}, [title, badge]),
      settings,
      el('div', {class: 'fault-row'}, [buttons, reply]),
      timeline,
      el('div', {class: 'figures'}, [
        el('div', {class: 'block'}, [el('h3', {text: 'counters'}), counters]),
        el('div', {class: 'block'}, [el('h3', {text: 'metrics'}), metrics])
      ]),
      spark,
      peers,
      el('div', {class: 'block'}, [el('h3', {text: 'connections'}), conns])
    ]);
    document.getElementById('layers').appendChild(root);
    return {root: root, title: title, badge: badge, settings: settings, timeline: timeline, counters: counters,
      metrics: metrics, spark: spark, conns: conns, peers: peers, reply: reply};
  }

  function numbers(dl, values, kind) {
    var keys = Object.keys(values || {});
    var shown = Array.prototype.map.call(dl.children, function (d) { return d.getAttribute('data-key'); });
    if (shown.join('\n') !== keys.join('\n')) {
      clear(dl);
      keys.forEach(function (k) {
        var dd = el('dd', {'data-value': ''});
        dd.setAttribute('data-' + kind, k);
        dl.appendChild(el('div', {class: 'num', 'data-key': k}, [el('dt', {text: k}), dd]));
      });
    }
    Array.prototype.forEach.call(dl.children, function (row) {
      var k = row.getAttribute('data-key');
      var dd = row.lastChild;
      var v = values[k];
      var before = dd.getAttribute('data-value');
      var now = v === null || v === undefined ? '' : String(v);
      if (before !== now) {
        dd.setAttribute('data-value', now);
        dd.textContent = number(k, v);
        if (before !== '' && kind === 'counter') {
          row.classList.remove('bump');
          void row.offsetWidth; // restart the animation
          row.classList.add('bump');
        }
      }
    });
  }

  function timeline(box, fault, status, nowMs) {
    clear(box);
    if (!fault) {
      box.setAttribute('data-phase', 'none');
      box.removeAttribute('data-kind');
      box.removeAttribute('data-injected-at-ms');
      box.appendChild(el('p', {class: 'quiet', text: status === 'unavailable'
          ? 'this layer is not running, so there is nothing to break' : 'no fault injected: click a button above'}));
      return;
    }
    var unaffected = fault.outcome === 'unaffected';
    var phase = unaffected ? 'unaffected'
        : fault.recoveredAtMs != null ? (fault.detectedAtMs != null ? 'recovered' : 'unnoticed')
        : fault.detectedAtMs != null ? 'detected' : 'injected';
    box.setAttribute('data-phase', phase);
    box.setAttribute('data-kind', fault.kind);
    box.setAttribute('data-injected-at-ms', String(fault.injectedAtMs));
    var detection = fault.detectionMs != null ? fault.detectionMs
        : fault.detectedAtMs != null ? fault.detectedAtMs - fault.injectedAtMs : null;
    var steps = unaffected ? [
      // a windowed fault (idle drop) that never bit: the layer's keepalive kept its flows busier than the limit
      {cls: 'done', label: (fault.label || fault.kind), when: 'at ' + seconds(fault.injectedAtMs)},
      {cls: 'done good', label: 'not affected', when: '(keepalive kept the flow busy)'},
      {cls: 'done', label: 'over', when: 'after ' + seconds(fault.recoveredAtMs - fault.injectedAtMs)}
    ] : [
      {cls: 'done', label: (fault.label || fault.kind) + ' injected', when: 'at ' + seconds(fault.injectedAtMs)},
      fault.detectedAtMs != null
          ? {cls: 'done warn', label: 'noticed', when: 'after ' + duration(detection)}
          : fault.recoveredAtMs != null
              ? {cls: 'done', label: 'not noticed', when: ''}
              : {cls: 'pending', label: 'noticing…', when: duration(Math.max(0, nowMs - fault.injectedAtMs)) + ' so far'},
      fault.recoveredAtMs == null
          // an idle drop nothing noticed yet may never bite: its window ends on its own
          ? {cls: 'pending', label: fault.kind === 'idle-drop' && fault.detectedAtMs == null
              ? 'not affected so far…' : 'recovering…', when: ''}
          : fault.detectedAtMs != null
              ? {cls: 'done good', label: 'recovered', when: 'after ' + duration(fault.recoveredAtMs - fault.injectedAtMs)}
              : {cls: 'done', label: 'cleared', when: 'after ' + seconds(fault.recoveredAtMs - fault.injectedAtMs)}
    ];
    var ol = el('ol', {class: 'steps'});
    steps.forEach(function (s) {
      ol.appendChild(el('li', {class: s.cls}, [el('span', {class: 'step-label', text: s.label}), ' ',
        el('span', {class: 'step-when', text: s.when})]));
    });
    box.appendChild(ol);
    if (fault.note) box.appendChild(el('p', {class: 'note', text: fault.note}));
  }

  function connections(ul, list) {
    clear(ul);
    if (!list || !list.length) {
      ul.appendChild(el('li', {class: 'quiet', text: 'none open'}));
      return;
    }
    list.forEach(function (c) {
      ul.appendChild(el('li', {class: 'conn', 'data-conn': c.id, 'data-state': c.state}, [
        el('span', {class: 'chip state-' + c.state, text: c.state}),
        el('span', {class: 'conn-id', text: c.id}),
        el('span', {class: 'conn-detail', text: c.detail || ''})
      ]));
    });
  }

  function sparkline(fig, series, title) {
    clear(fig);
    var values = (series || []).filter(function (v) { return typeof v === 'number' && isFinite(v); });
    if (values.length < 2) {
      fig.hidden = true;
      return;
    }
    fig.hidden = false;
    var w = 300, h = 40, max = Math.max.apply(null, values), min = Math.min.apply(null, values);
    var span = max - min || 1;
    var step = w / (values.length - 1);
    var pts = values.map(function (v, i) {
      return (i * step).toFixed(1) + ',' + (h - 3 - (v - min) / span * (h - 6)).toFixed(1);
    });
    var s = svg('svg', {viewBox: '0 0 ' + w + ' ' + h, preserveAspectRatio: 'none', class: 'spark-svg',
      role: 'img', 'aria-label': title + ' over the last ' + Math.round(values.length / 2) + ' s'});
    s.appendChild(svg('polyline', {points: '0,' + h + ' ' + pts.join(' ') + ' ' + w + ',' + h, class: 'spark-area'}));
    s.appendChild(svg('polyline', {points: pts.join(' '), class: 'spark-line'}));
    fig.appendChild(s);
    fig.appendChild(el('figcaption', {}, [
      title + ', last ' + Math.round(values.length / 2) + ' s · now ', el('b', {text: number('', values[values.length - 1])}),
      ' · min ' + number('', min) + ' · max ' + number('', max)
    ]));
  }

  var PEER_COLOURS = ['#2563eb', '#9333ea', '#0891b2', '#ca8a04'];

  function phiChart(fig, peers) {
    clear(fig);
    peers = peers || [];
    if (!peers.length) {
      fig.appendChild(el('p', {class: 'quiet', text: 'no peers yet'}));
      return;
    }
    var w = 560, h = 150, padL = 26, padR = 6, padT = 8, padB = 16;
    var threshold = peers[0].threshold || 8;
    var top = Math.min(PHI_CAP, Math.max(threshold * 1.25, 1));
    peers.forEach(function (p) {
      (p.history || []).forEach(function (v) { if (v > top) top = Math.min(PHI_CAP, v); });
    });
    function y(v) { return padT + (1 - Math.min(v, top) / top) * (h - padT - padB); }
    var n = Math.max.apply(null, peers.map(function (p) { return (p.history || []).length; }).concat([2]));
    var dx = (w - padL - padR) / (n - 1);
    var s = svg('svg', {viewBox: '0 0 ' + w + ' ' + h, class: 'phi-svg', role: 'img',
      'aria-label': 'phi per peer over the last ' + n + ' samples, threshold ' + threshold});
    [0, threshold / 2, threshold, top].forEach(function (v) {
      s.appendChild(svg('line', {x1: padL, x2: w - padR, y1: y(v), y2: y(v), class: 'grid'}));
      var t = svg('text', {x: padL - 4, y: y(v) + 3, class: 'axis', 'text-anchor': 'end'});
      t.textContent = v % 1 ? v.toFixed(1) : String(v);
      s.appendChild(t);
    });
    s.appendChild(svg('line', {x1: padL, x2: w - padR, y1: y(threshold), y2: y(threshold), class: 'threshold'}));
    var tl = svg('text', {x: padL + 4, y: y(threshold) - 4, class: 'threshold-label'});
    tl.textContent = 'threshold φ = ' + threshold;
    s.appendChild(tl);
    var xl = svg('text', {x: padL, y: h - 3, class: 'axis'});
    xl.textContent = '−' + Math.round((n - 1) / 2) + ' s';
    s.appendChild(xl);
    var xr = svg('text', {x: w - padR, y: h - 3, class: 'axis', 'text-anchor': 'end'});
    xr.textContent = 'now';
    s.appendChild(xr);
    peers.forEach(function (p, i) {
      var hist = p.history || [];
      var off = n - hist.length; // right-align: the newest sample is always at "now"
      var pts = hist.map(function (v, j) { return (padL + (off + j) * dx).toFixed(1) + ',' + y(v).toFixed(1); });
      if (pts.length) {
        s.appendChild(svg('polyline', {points: pts.join(' '), class: 'phi-line', stroke: PEER_COLOURS[i % PEER_COLOURS.length],
          'data-peer': p.id}));
      }
    });
    fig.appendChild(s);
    var legend = el('ul', {class: 'legend'});
    peers.forEach(function (p, i) {
      legend.appendChild(el('li', {'data-peer': p.id, 'data-suspected': String(!!p.suspected)}, [
        el('span', {class: 'swatch', style: 'background:' + PEER_COLOURS[i % PEER_COLOURS.length]}),
        el('span', {class: 'peer-id', text: p.id}),
        el('span', {class: 'peer-phi', text: 'φ ' + (typeof p.phi === 'number' ? (p.phi > 99 ? '> 99' : p.phi.toFixed(2)) : '–')}),
        el('span', {class: 'chip ' + (p.suspected ? 'state-dead' : 'state-active'), text: p.suspected ? 'suspected' : 'alive'})
      ]));
    });
    fig.appendChild(legend);
  }

  function renderLayer(name, layer, nowMs) {
    var c = cards[name] || (cards[name] = card(name, layer));
    var status = STATUS_TEXT[layer.status] ? layer.status : 'ok';
    c.root.setAttribute('data-status', status);
    c.title.textContent = layer.title || name;
    c.badge.textContent = STATUS_TEXT[status];
    c.badge.className = 'badge status-' + status;
    c.settings.textContent = layer.settings || '';
    timeline(c.timeline, layer.fault, status, nowMs);
    numbers(c.counters, layer.counters, 'counter');
    numbers(c.metrics, layer.metrics, 'metric');
    sparkline(c.spark, layer.series, SERIES[name] || 'samples');
    connections(c.conns, layer.connections);
    if (c.peers) phiChart(c.peers, layer.peers);
  }

  function renderEvents(events) {
    var ol = document.getElementById('events');
    clear(ol);
    // both lists come oldest first: reversed, a stable sort keeps the newest first among equal times
    var all = (events || []).slice().reverse().concat(pageEvents.slice().reverse());
    all.sort(function (a, b) { return b.atMs - a.atMs; });
    all.slice(0, 60).forEach(function (e) {
      ol.appendChild(el('li', {class: 'event level-' + (e.level || 'info'), 'data-layer': e.layer}, [
        el('time', {text: seconds(e.atMs)}),
        el('span', {class: 'event-layer', text: e.layer}),
        el('span', {class: 'event-text', text: e.text})
      ]));
    });
    if (!all.length) ol.appendChild(el('li', {class: 'quiet', text: 'nothing yet'}));
  }

  function render(snapshot) {
    if (!snapshot || !snapshot.layers) return;
    if (lastUptimeMs !== null && snapshot.uptimeMs < lastUptimeMs) {
      // the demo was restarted: its clock starts over, so the page's own events move to the new start
      pageEvents.forEach(function (e) { e.atMs = Math.min(e.atMs, snapshot.uptimeMs); });
    }
    lastUptimeMs = snapshot.uptimeMs;
    var up = document.getElementById('uptime');
    up.textContent = uptime(snapshot.uptimeMs);
    up.setAttribute('data-uptime-ms', String(snapshot.uptimeMs));
    Object.keys(snapshot.layers).forEach(function (name) {
      renderLayer(name, snapshot.layers[name], snapshot.uptimeMs);
    });
    renderEvents(snapshot.events);
    document.getElementById('load-error').hidden = true;
  }

  function pageEvent(level, text) {
    pageEvents.push({atMs: lastUptimeMs || 0, layer: 'page', level: level, text: text});
    if (pageEvents.length > 20) pageEvents.shift();
  }

  // ---------- faults ----------

  function inject(layer, kind, button, reply) {
    button.disabled = true;
    reply.className = 'reply pending';
    reply.textContent = kind + '…';
    fetch('/api/fault?layer=' + encodeURIComponent(layer) + '&kind=' + encodeURIComponent(kind), {method: 'POST'})
      .then(function (r) {
        return r.text().then(function (body) {
          var json = null;
          try { json = JSON.parse(body); } catch (e) { /* not JSON: show it as it is */ }
          return {ok: r.ok, status: r.status, json: json, body: body};
        });
      })
      .then(function (r) {
        var text = r.json ? (r.json.message || r.json.error || r.body) : r.status + ' ' + r.body;
        reply.className = 'reply ' + (r.ok ? 'ok' : 'error');
        reply.textContent = (r.ok ? '✓ ' : '✗ ') + text;
        reply.setAttribute('data-http-status', String(r.status));
        if (!r.ok) pageEvent('warn', layer + ' ' + kind + ' refused: ' + text); // accepted ones the demo logs itself
      })
      .catch(function (e) {
        reply.className = 'reply error';
        reply.textContent = '✗ ' + e.message;
        reply.setAttribute('data-http-status', '0');
      })
      .then(function () { button.disabled = false; });
  }

  // ---------- the page's own WebSocket ----------

  function setState(state, text) {
    var s = document.getElementById('ws-state');
    s.setAttribute('data-state', state);
    s.className = 'chip ws-' + state;
    s.textContent = text || state;
    document.body.classList.toggle('stale', state !== 'open');
  }

  function connect() {
    if (typeof KalSocket !== 'function') {
      setState('missing', 'kal-ws.js missing');
      return;
    }
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    // snapshots arrive every 500 ms, so a few seconds without any message means the demo is gone
    var ws = new KalSocket(scheme + location.host + '/ws', {heartbeatInterval: 2000, heartbeatTimeout: 2000,
      backoffCap: 5000});
    ws.onopen = function () { setState('open'); };
    ws.onmessage = function (e) {
      if (typeof e.data !== 'string') return;
      var snapshot;
      try { snapshot = JSON.parse(e.data); } catch (err) { return; }
      wsMessages++;
      document.getElementById('ws-state').setAttribute('data-messages', String(wsMessages));
      render(snapshot);
    };
    ws.onheartbeat = function (rtt) {
      document.getElementById('ws-rtt').textContent = rtt.toFixed(1) + ' ms';
    };
    ws.onreconnect = function (info) {
      pageEvent('info', 'page WebSocket reconnected after ' + (info.downtimeMs / 1000).toFixed(1) + ' s, ' +
        info.attempts + ' attempt' + (info.attempts === 1 ? '' : 's'));
    };
    ws.onretry = function (info) {
      setState('waiting', 'reconnecting in ' + (info.delayMs / 1000).toFixed(1) + ' s');
      if (info.attempt === 1) pageEvent('warn', 'page WebSocket lost: ' + info.cause);
    };
    window.kalDemoSocket = ws;
  }

  function load() {
    fetch('/api/snapshot').then(function (r) {
      if (!r.ok) throw new Error('GET /api/snapshot: ' + r.status);
      return r.json();
    }).then(function (snapshot) {
      if (lastUptimeMs === null) render(snapshot);
    }).catch(function (e) {
      var p = document.getElementById('load-error');
      p.textContent = 'cannot load the demo state (' + e.message + '); waiting for the WebSocket…';
      p.hidden = false;
    });
  }

  load();
  connect();
})();
