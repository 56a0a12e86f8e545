/**
 * The lookup key a phone brings in the address (a receipt's QR code opens /k/<key>, which the server
 * sends on to /kiosk?k=<key>). Taken once and removed from the address bar, so the key neither stays
 * on a shared screen nor lands in the browser's history.
 */
export function takeKeyFromAddress(): string | null {
  const params = new URLSearchParams(window.location.search);
  const key = params.get('k');
  if (key === null) return null;
  params.delete('k');
  const rest = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
  return key;
}
