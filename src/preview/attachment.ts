/** Line breaks and other controls, and the bidirectional controls that make `evil\u202Etxt.exe` read as `evilexe.txt`. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The Content-Disposition of a download named by the caller (RFC 6266): `filename*` carries the name in UTF-8,
 * percent-encoded, and `filename` a plain ASCII fallback for old clients; control and bidirectional characters are
 * dropped first, so no name breaks the header (Node refuses CR/LF in a header: that was a 500) or disguises itself.
 * Example: `plan "v2".ics` → `attachment; filename="plan v2.ics"; filename*=UTF-8''plan%20%22v2%22.ics`.
 */
export function attachmentDisposition(name: string): string {
  const clean = name.replace(UNSAFE, '').trim() || 'attachment';
  const ascii = clean.replace(/[^\x20-\x7e]|["\\]/g, '').trim() || 'attachment';
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
