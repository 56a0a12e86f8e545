/**
 * Who looked something up, as far as the records may say. A kiosk on the centre's own network is a
 * device of the centre, and its LAN address tells a supervisor which kiosk's scanner is failing. Any
 * other address is a citizen's phone or home connection: personal data (Decree 13/2023/NĐ-CP), so it
 * is recorded only as the word 'internet'.
 *
 * The address is Fastify's request.ip: the TCP peer's, or behind a reverse proxy listed with
 * `serve --trust-proxy` the client's the proxy reports (X-Forwarded-For).
 */
import { BlockList, isIP } from 'node:net';

export const INTERNET = 'internet';

const lan = new BlockList();
// RFC 1918 private networks, loopback, and IPv4 link-local (a kiosk that got no DHCP lease).
lan.addSubnet('10.0.0.0', 8, 'ipv4');
lan.addSubnet('172.16.0.0', 12, 'ipv4');
lan.addSubnet('192.168.0.0', 16, 'ipv4');
lan.addSubnet('127.0.0.0', 8, 'ipv4');
lan.addSubnet('169.254.0.0', 16, 'ipv4');
// IPv6 loopback and unique local addresses. Not link-local fe80::/10: its interface part is often
// the device's MAC address (EUI-64), which follows a phone from network to network.
lan.addAddress('::1', 'ipv6');
lan.addSubnet('fc00::', 7, 'ipv6');

/** The client as recorded: its address when on the centre's LAN, otherwise 'internet'. */
export function clientLabel(address: string | undefined): string {
  if (!address) return INTERNET;
  // A dual-stack socket reports IPv4 peers as ::ffff:192.168.1.23.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const a = mapped ? mapped[1]! : address;
  const family = isIP(a);
  if (family === 0) return INTERNET;
  return lan.check(a, family === 4 ? 'ipv4' : 'ipv6') ? a : INTERNET;
}
