// A webhook receiver for trying watches out: prints each delivery and whether its signature checks.
//   node scripts/watch-receiver.mjs <port> <secret>
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const [port = '4000', secret] = process.argv.slice(2);
if (!secret) {
  console.error('usage: node scripts/watch-receiver.mjs <port> <secret>');
  process.exit(2);
}
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-chancery-signature'] ?? ''));
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    console.log(`delivery ${req.headers['x-chancery-delivery']} (signature ${valid ? 'valid' : 'INVALID'}):`);
    console.log(JSON.stringify(JSON.parse(body.toString()), null, 2));
    res.writeHead(valid ? 204 : 401).end();
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/`));
