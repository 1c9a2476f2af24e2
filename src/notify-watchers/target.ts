import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { invalid } from '../domain/errors';

/**
 * Where deliveries may go (SSRF): `https` anywhere public, or `http`/`https` to the hosts of
 * WATCH_ALLOWED_HOSTS. An address that is not public unicast (loopback, private, link-local, carrier NAT,
 * metadata services…) is refused unless its host is listed, when the watch is created and again at each
 * delivery, on the address actually connected to (a host re-pointed since, DNS rebinding, is refused too).
 */
export class Targets {
  constructor(private readonly allowedHosts: readonly string[]) {}

  /** Checks a watch's URL: a 400 naming what is wrong. The address check is made when delivering. */
  check(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw invalid(`url must be an absolute http(s) URL; got ${JSON.stringify(url)}`);
    }
    const allowed = this.allowed(target.hostname);
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && allowed)) {
      throw invalid(`url must use https (http only to the hosts of WATCH_ALLOWED_HOSTS); got ${target.protocol}`);
    }
    if (target.username || target.password) throw invalid('url must not carry credentials: sign with the secret');
    const literal = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!allowed && isIP(literal) && !isPublic(literal)) {
      throw invalid(`url points at ${literal}, which is not a public address (add the host to WATCH_ALLOWED_HOSTS)`);
    }
    return target;
  }

  private allowed(hostname: string): boolean {
    return this.allowedHosts.includes(hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase());
  }

  /**
   * POSTs a delivery, following no redirect, within `timeoutMs`: resolves with the status, rejects with why
   * it could not be sent.
   */
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
    const target = this.check(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const lookup = this.allowed(target.hostname) ? undefined : publicOnly;
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, lookup, timeout: timeoutMs },
        (res) => {
          res.resume(); // the answer's body is not read: only its status counts
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

const isPublic = (address: string) => {
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
};

/** dns.lookup, refusing addresses that are not public: the connection goes only where the check allowed. */
const publicOnly: LookupFunction = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => !isPublic(a.address));
    if (refused) return callback(new Error(`${hostname} resolves to ${refused.address}, not a public address`), '', 0);
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
