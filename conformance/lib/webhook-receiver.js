// A webhook receiver process built on the SDK's own check (run as `node lib/webhook-receiver.js`).
// It prints its port on stdout; the suite drives it over HTTP on the same port:
//   POST /_config {"secret", "fail_first"}  the secret to verify with; answer 500 to the first n deliveries
//   GET  /_events                           {"events": [accepted envelopes, in arrival order], "raw": [their headers
//                                           and bodies as received], "rejected", "requests"}
// Every other POST is a delivery: parseWebhookEvent verifies it (401 when it does not), then 200 or 500.
import { createServer } from 'node:http';
import { parseWebhookEvent } from '@phala/cloud/webhook';

const state = { secret: '', failFirst: 0, requests: 0, rejected: 0, events: [], raw: [] };

const server = createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  if (req.url === '/_config' && req.method === 'POST') {
    const config = JSON.parse(body);
    state.secret = config.secret ?? state.secret;
    state.failFirst = config.fail_first ?? 0;
    state.requests = 0;
    return res.writeHead(204).end();
  }
  if (req.url === '/_events') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ events: state.events, rejected: state.rejected, requests: state.requests,
      raw: state.raw }));
  }
  state.requests += 1;
  let event;
  try {
    event = parseWebhookEvent({ headers: req.headers, body, secret: state.secret });
  } catch {
    state.rejected += 1;
    return res.writeHead(401).end();
  }
  if (state.requests <= state.failFirst) {
    return res.writeHead(500).end();
  }
  state.events.push(event);
  state.raw.push({ headers: req.headers, body });
  return res.writeHead(200).end();
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
