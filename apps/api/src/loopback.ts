/**
 * Whether a host name or address is this machine's loopback (no other host can reach it): the
 * server's HOST (config.ts) and PostgreSQL's host in DATABASE_URL (cluster-size.ts). Without
 * dependencies: a cluster's primary reads it without the configuration's schema.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
