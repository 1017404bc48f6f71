/** How /metrics is encoded: gzip when the request accepts it, identity otherwise. */
export type MetricsEncoding = 'gzip' | 'identity';

/**
 * The encoding to answer with, from an Accept-Encoding header (RFC 9110 12.5.3): gzip when gzip (or
 * x-gzip, or `*` without an entry of its own) has a q-value above 0 at least as high as identity's;
 * identity when that is acceptable (it is unless `identity;q=0`, or `*;q=0` without an identity entry);
 * undefined when neither is (the answer is then 406).
 */
export function acceptedEncoding(header: string | undefined): MetricsEncoding | undefined {
  if (header === undefined || header.trim() === '') return 'identity';
  const qualities = new Map<string, number>();
  for (const entry of header.split(',')) {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim());
    if (coding === '') continue;
    qualities.set(coding.toLowerCase(), qualityOf(parameters));
  }
  const wildcard = qualities.get('*');
  const gzip = qualities.get('gzip') ?? qualities.get('x-gzip') ?? wildcard ?? 0;
  const identity = qualities.get('identity') ?? (wildcard === 0 ? 0 : 1);
  if (gzip > 0 && (gzip >= identity || !qualities.has('identity'))) return 'gzip';
  return identity > 0 ? 'identity' : undefined;
}

/** The q parameter's value (1 when absent; 0 when it is not a number in 0..1, so that nonsense does not select a coding). */
function qualityOf(parameters: string[]): number {
  const q = parameters.find((parameter) => /^q\s*=/i.test(parameter));
  if (q === undefined) return 1;
  const value = Number(q.slice(q.indexOf('=') + 1).trim());
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}
