// Node's `ws` server for our client: echoes, and answers a few commands; prints what it saw.
const { WebSocketServer } = require('ws');

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  handleProtocols: protocols => (protocols.has('v1') ? 'v1' : false),
});
wss.on('listening', () => console.log('port: ' + wss.address().port));
wss.on('connection', ws => {
  console.log('connected: ' + (ws.protocol || '-'));
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? null : data.toString();
    if (text === 'close-me') {
      ws.close(4002, 'server bye');
    } else if (text === 'ping-me') {
      ws.ping('srv');
    } else if (text === 'fragments') {
      ws.send('a', { fin: false });
      ws.send('b', { fin: false });
      ws.send('c', { fin: true });
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
  ws.on('ping', payload => console.log('clientPing: ' + payload.length));
  ws.on('pong', payload => ws.send('got pong ' + payload.toString()));
  ws.on('close', (code, reason) => console.log('closed: ' + code + ' ' + reason.toString()));
});
