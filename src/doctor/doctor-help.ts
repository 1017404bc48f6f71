/** The text of `acr-subscription-exporter doctor --help`, within 80 columns. */
import { CLOCK_SKEW_FAIL_MS, CLOCK_SKEW_WARN_MS } from './clock-skew.js';

const PROGRAM = 'acr-subscription-exporter';

export function doctorHelpText(): string {
  return `Usage: ${PROGRAM} doctor [--output=text|json] [--demo] [flags]

Checks what the exporter needs, with its own configuration (the same
--config file, ACR_* variables and flags: see ${PROGRAM} --help),
then exits:
  credentials   which provider of the credential chain answered; the AccessKey
                id, masked
  per region    DNS; TCP/TLS connection and latency; clock skew from the
                answer's Date header (warn past ${CLOCK_SKEW_WARN_MS / 1000} s, failed past ${CLOCK_SKEW_FAIL_MS / 60_000} min:
                the API refuses signatures 15 min off); ListInstance through
                discovery (filters and shard applied), unless the region lists
                its instances
  per instance  ListArtifactSubscriptionTask, ListArtifactSubscriptionRule,
                GetArtifactSubscriptionTaskResult: one entry each, signed,
                rate-limited and retried (once) as the exporter does
A denied action names the RAM action to grant, and the report ends with the
minimal RAM policy that grants what was denied.

Options:
  --output=text|json  One aligned line per check (default), or one JSON
                      document.
  --demo              Run against the built-in simulator; one of its instances
                      denies every call, on purpose.
  -h, --help          Print this text and exit.

Exit codes: 0 every check passed (warnings allowed), 1 a check failed,
2 bad configuration.
`;
}
