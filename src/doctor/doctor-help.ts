/** The text of `acr-subscription-exporter doctor --help`. */
import { CLOCK_SKEW_FAIL_MS, CLOCK_SKEW_WARN_MS } from './clock-skew.js';

const PROGRAM = 'acr-subscription-exporter';

export function doctorHelpText(): string {
  return `Usage: ${PROGRAM} doctor [--output=text|json] [--demo] [--config=FILE] [configuration flags]

Checks, with the exporter's own configuration (the same file, ACR_* variables and flags: see
${PROGRAM} --help), what the exporter needs, then exits:
  credentials  which provider of the credential chain answered, and the AccessKey id, masked
  per region   DNS, TCP/TLS connection and latency, clock skew from the answer's Date
               header (warn past ${CLOCK_SKEW_WARN_MS / 1000} s, failed past ${CLOCK_SKEW_FAIL_MS / 60_000} min; the API refuses
               signatures 15 min off); ListInstance through discovery (filters and
               shard applied), unless the region lists its instances
  per instance ListArtifactSubscriptionTask, ListArtifactSubscriptionRule and
               GetArtifactSubscriptionTaskResult, one entry each, signed and rate-limited as the
               exporter does
A denied action names the RAM action to grant; the end prints the minimal RAM policy for them.

Options:
  --output=text|json  One aligned line per check (default), or one JSON document.
  --demo              Run against the built-in simulator, where one instance is denied on purpose.
  -h, --help          Print this text and exit.

Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 bad configuration.
`;
}
