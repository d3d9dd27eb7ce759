// Node's `ws` on Node's own https server, for our client over TLS. Args: key.pem cert.pem [port].
// Echoes; prints what it saw; the text message `silence` pauses that connection's TLS socket, so our
// pings are never read and never answered, while the TCP connection stays up: a peer that hangs.
const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');

const [key, cert, port] = process.argv.slice(2);
const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) });
const wss = new WebSocketServer({ server });
let connections = 0;
server.on('tlsClientError', err => console.log('tlsError: ' + (err.code || err.message)));
server.listen(Number(port || 0), '127.0.0.1', () => console.log('port: ' + server.address().port));
wss.on('connection', (ws, req) => {
  connections++;
  const s = req.socket;
  // connection number, SNI the client sent, TLS version, the client's port (to find its socket)
  console.log('connected: ' + connections + ' ' + (s.servername || '-') + ' ' + s.getProtocol() + ' ' + s.remotePort);
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.toString() === 'silence') {
      s.pause();
      console.log('silenced');
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
  ws.on('close', (code, reason) => console.log('closed: ' + code + ' ' + reason.toString()));
});
