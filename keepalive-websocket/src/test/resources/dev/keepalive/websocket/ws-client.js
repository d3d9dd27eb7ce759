// Node's `ws` client against our server: prints "name: value" lines for the Java test to check.
const WebSocket = require('ws');
const url = process.argv[2];

function out(name, value) { console.log(name + ': ' + value); }
function next(ws, event) { return new Promise(resolve => ws.once(event, (...args) => resolve(args))); }

(async () => {
  const ws = new WebSocket(url, ['v2', 'v1']); // offers permessage-deflate too, which our server declines
  let serverPings = 0;
  ws.on('ping', () => serverPings++); // ws answers with a pong by itself
  await next(ws, 'open');
  out('protocol', ws.protocol);
  out('extensions', JSON.stringify(ws.extensions));

  ws.send('hello ✓');
  let [data, isBinary] = await next(ws, 'message');
  out('text', (isBinary ? 'binary ' : 'text ') + data.toString());

  ws.send(Buffer.from([0, 1, 2, 255]));
  [data, isBinary] = await next(ws, 'message');
  out('binary', (isBinary ? 'binary ' : 'text ') + Array.from(data).join(','));

  ws.send('frag', { fin: false });
  ws.send('ment', { fin: false });
  ws.send('ed', { fin: true });
  [data, isBinary] = await next(ws, 'message');
  out('fragmented', data.toString());

  ws.ping(Buffer.from('kal'));
  const [payload] = await next(ws, 'pong');
  out('pong', payload.toString());

  await new Promise(resolve => setTimeout(resolve, 350));
  out('serverPings', serverPings);

  ws.close(4001, 'node bye');
  let [code, reason] = await next(ws, 'close');
  out('close', code + ' ' + reason.toString());

  const second = new WebSocket(url);
  await next(second, 'open');
  second.send('bye'); // the Java side closes with 1000 "done"
  [code, reason] = await next(second, 'close');
  out('serverClose', code + ' ' + reason.toString());
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
