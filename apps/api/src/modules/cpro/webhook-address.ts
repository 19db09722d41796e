import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../../platform/app-error.ts';

/**
 * Where a webhook may be sent (server-side request forgery): only to public addresses over https.
 * Loopback, private, link-local (cloud metadata at 169.254.169.254), shared, multicast and reserved
 * ranges are refused, at registration for an address written in the URL and at each delivery for
 * every address the name resolves to (the connection goes to the address checked, so a name that
 * changes its answer in between reaches nothing it should not). WEBHOOKS_ALLOW_PRIVATE_NETWORKS
 * lifts this for development and tests, and then lets plain http reach loopback only.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is one a webhook may not reach without the development setting. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

const refuse = (message: string) => new AppError('VALIDATION_FAILED', message, { url: message });

/** Checks a webhook URL as written (registration); returns it normalised. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse('Saisissez une adresse complète, par exemple https://logiciel.exemple.fr/chorale/webhook.');
  }
  if (url.username || url.password)
    throw refuse('L’adresse ne doit pas contenir d’identifiant ni de mot de passe : la signature authentifie l’envoi.');
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const literal = isIP(host) !== 0;
  const local = isLoopbackName(host) || (literal && isPrivateAddress(host));
  if (local && !allowPrivate)
    throw refuse(
      'Cette adresse désigne un réseau privé ou la machine elle-même : indiquez une adresse publique, joignable depuis Internet.',
    );
  if (url.protocol === 'http:') {
    const loopback = isLoopbackName(host) || host === '::1' || /^127\./.test(host);
    if (!(allowPrivate && loopback))
      throw refuse(
        'L’adresse doit commencer par https:// : les notifications ne partent que sur une connexion chiffrée.',
      );
  } else if (url.protocol !== 'https:') throw refuse('L’adresse doit commencer par https://.');
  url.hash = '';
  return url.toString();
}

/**
 * The DNS lookup of a delivery: every address the name resolves to must be public (unless the
 * development setting allows private ones); the socket connects to the address checked here.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const list = addresses;
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad || list.length === 0)
        return callback(
          Object.assign(new Error(`adresse refusée (réseau privé) pour ${hostname}`), { code: 'EPRIVATE' }),
          '',
          4,
        );
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** An address written in the URL is not looked up by Node: it is checked here before connecting. */
export function literalAddressRefused(hostname: string, allowPrivate: boolean): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return !allowPrivate && isIP(host) !== 0 && isPrivateAddress(host);
}
