/*
 * kal-ws.js: a browser WebSocket that notices a dead server and comes back by itself (Keepalive).
 *
 * Browsers cannot send WebSocket pings, so this sends app-level heartbeats that a Keepalive server
 * answers on its own and never passes to the application:
 *
 *   page   -> server   {"kal":"ping","t":<ms>}
 *   server -> page     {"kal":"pong","t":<the same ms>}
 *
 * A heartbeat goes out every heartbeatInterval (minus up to 10 % jitter, chosen per connection). Any
 * message from the server counts as an answer. Nothing within heartbeatTimeout: the server is taken
 * for dead, the socket dropped and a reconnect scheduled (detection <= heartbeatInterval +
 * heartbeatTimeout). Reconnects use full-jitter backoff: delay = random(0, min(cap, base * 2^attempt)),
 * the attempt count reset once a connection stayed up resetAfter.
 *
 *   const ws = new KalSocket('ws://' + location.host + '/ws/echo', {heartbeatInterval: 30000});
 *   ws.onmessage = e => console.log(e.data);
 *   ws.onreconnect = info => resubscribe();        // {attempts, downtimeMs}
 *   ws.onheartbeat = rttMs => console.log('rtt', rttMs);
 *
 *   CONNECTING --open--> OPEN --close / error / no heartbeat answer--> WAITING --delay--> CONNECTING
 *        \--fails--> WAITING                          any state --close()--> CLOSED (for good)
 */
(function (global) {
  'use strict';

  var PING = '{"kal":"ping"';
  var PONG = '{"kal":"pong"';
  var DEFAULTS = {
    protocols: undefined,
    heartbeatInterval: 30000,
    heartbeatTimeout: 10000,
    backoffBase: 500,
    backoffCap: 30000,
    resetAfter: 10000
  };

  function now() {
    return (global.performance && global.performance.now) ? global.performance.now() : Date.now();
  }

  function KalSocket(url, options) {
    if (!(this instanceof KalSocket)) {
      return new KalSocket(url, options);
    }
    var o = {};
    for (var k in DEFAULTS) {
      o[k] = (options && options[k] !== undefined) ? options[k] : DEFAULTS[k];
    }
    if (!(o.heartbeatInterval > 0) || !(o.heartbeatTimeout > 0)) {
      throw new RangeError('heartbeatInterval and heartbeatTimeout must be > 0: ' +
          o.heartbeatInterval + ', ' + o.heartbeatTimeout);
    }
    this.url = url;
    this.options = o;
    this.state = 'CONNECTING';
    this.stats = {heartbeats: 0, answered: 0, lastRtt: null, reconnects: 0, deadPeers: 0};
    this.onopen = null;        // (event)
    this.onmessage = null;     // (event) app messages only
    this.onclose = null;       // (event or {code: 1006, reason}) for each connection that ends
    this.onheartbeat = null;   // (rttMs)
    this.onreconnect = null;   // ({attempts, downtimeMs}) after onopen of a connection that replaced a lost one
    this.onretry = null;       // ({attempt, delayMs, cause})
    this._attempt = 0;
    this._triesSinceLoss = 0;
    this._everOpen = false;
    this._lostAt = now();
    this._timer = null;
    this._ws = null;
    this._connect();
  }

  KalSocket.prototype._emit = function (name, arg) {
    var f = this['on' + name];
    if (typeof f === 'function') {
      try { f.call(this, arg); } catch (e) { setTimeout(function () { throw e; }); }
    }
  };

  KalSocket.prototype._connect = function () {
    if (this.state === 'CLOSED') {
      return;
    }
    var self = this;
    this.state = 'CONNECTING';
    this._triesSinceLoss++;
    var ws;
    try {
      ws = this.options.protocols ? new WebSocket(this.url, this.options.protocols) : new WebSocket(this.url);
    } catch (e) {
      this._lost('cannot connect: ' + e.message);
      return;
    }
    ws.binaryType = 'arraybuffer';
    this._ws = ws;
    ws.onopen = function (event) {
      if (self._ws !== ws) return;
      var t = now();
      self.state = 'OPEN';
      self._openedAt = t;
      self._lastInbound = t;
      self._unansweredSince = null;
      self._interval = self.options.heartbeatInterval * (1 - 0.1 * Math.random());
      self._nextPingAt = t + self._interval;
      self._arm();
      self._emit('open', event);
      if (self._everOpen) {
        self.stats.reconnects++;
        self._emit('reconnect', {attempts: self._triesSinceLoss, downtimeMs: Math.round(t - self._lostAt)});
      }
      self._everOpen = true;
    };
    ws.onmessage = function (event) {
      if (self._ws !== ws) return;
      var t = now();
      self._lastInbound = t;
      if (self._unansweredSince !== null) {
        self._unansweredSince = null; // any message is proof of life
        self.stats.answered++;
      }
      var data = event.data;
      if (typeof data === 'string' && data.lastIndexOf(PONG, 0) === 0) {
        try {
          var rtt = t - JSON.parse(data).t;
          self.stats.lastRtt = rtt;
          self._emit('heartbeat', rtt);
        } catch (e) { /* a malformed answer still counts as life */ }
        return;
      }
      self._emit('message', event);
    };
    ws.onclose = function (event) {
      if (self._ws !== ws) return;
      self._emit('close', event);
      self._lost('closed ' + event.code + (event.reason ? ' ' + event.reason : ''));
    };
    ws.onerror = function () { /* onclose follows */ };
  };

  // One timer per connection, armed for whatever comes first: the next heartbeat or the answer deadline.
  KalSocket.prototype._arm = function () {
    var self = this;
    clearTimeout(this._timer);
    var next = this._nextPingAt;
    if (this._unansweredSince !== null) {
      next = Math.min(next, this._unansweredSince + this.options.heartbeatTimeout);
    }
    this._timer = setTimeout(function () { self._tick(); }, Math.max(0, next - now()));
  };

  KalSocket.prototype._tick = function () {
    if (this.state !== 'OPEN') {
      return;
    }
    var t = now();
    if (this._unansweredSince !== null && t - this._unansweredSince >= this.options.heartbeatTimeout) {
      this.stats.deadPeers++;
      var reason = 'no heartbeat answer within ' + this.options.heartbeatTimeout + ' ms (after ' +
          this.stats.answered + ' answered)';
      var ws = this._ws;
      this._ws = null;
      try { ws.close(4000, 'dead peer'); } catch (e) { /* already closing */ }
      this._emit('close', {code: 1006, reason: reason, wasClean: false});
      this._lost(reason);
      return;
    }
    if (t >= this._nextPingAt) {
      this._nextPingAt = t + this._interval;
      if (this._unansweredSince === null) {
        this._unansweredSince = t;
      }
      this.stats.heartbeats++;
      try { this._ws.send(PING + ',"t":' + t + '}'); } catch (e) { /* the close event follows */ }
    }
    this._arm();
  };

  KalSocket.prototype._lost = function (cause) {
    clearTimeout(this._timer);
    this._ws = null;
    if (this.state === 'CLOSED') {
      return;
    }
    var t = now();
    if (this.state === 'OPEN') {
      if (t - this._openedAt >= this.options.resetAfter) {
        this._attempt = 0; // it was stable: start over from the base delay
      }
      this._lostAt = t;
      this._triesSinceLoss = 0;
    }
    this.state = 'WAITING';
    var ceiling = Math.min(this.options.backoffCap, this.options.backoffBase * Math.pow(2, this._attempt));
    var delay = Math.random() * ceiling;
    this._attempt++;
    this._emit('retry', {attempt: this._attempt, delayMs: Math.round(delay), cause: cause});
    var self = this;
    this._timer = setTimeout(function () { self._connect(); }, delay);
  };

  /** Sends when open; returns false (and sends nothing) otherwise. */
  KalSocket.prototype.send = function (data) {
    if (this.state !== 'OPEN' || !this._ws) {
      return false;
    }
    this._ws.send(data);
    return true;
  };

  /** Closes for good: no more reconnects. */
  KalSocket.prototype.close = function (code, reason) {
    this.state = 'CLOSED';
    clearTimeout(this._timer);
    var ws = this._ws;
    this._ws = null;
    if (ws) {
      try { ws.close(code || 1000, reason || ''); } catch (e) { /* already closed */ }
    }
  };

  global.KalSocket = KalSocket;
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = KalSocket;
  }
})(typeof window !== 'undefined' ? window : this);
