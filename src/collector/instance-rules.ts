import type { SubscriptionRule } from '../model/subscription-rule.js';

/**
 * What an instance's snapshot says about its subscription rules (ListArtifactSubscriptionRule), as plain
 * data: the scheduler's rules cache (src/scheduler/subscription-rules-cache.ts) fills it, the renderer
 * (render-rules.ts) turns it into series.
 */
export interface InstanceRules {
  /**
   * The last good listing, one entry per RuleId; undefined before the first successful listing and once a
   * failing refresh has outlived collection.keepStaleData.
   */
  rules: readonly SubscriptionRule[] | undefined;
  /** Whether the last listing succeeded. */
  refreshSuccess: boolean;
  /** Epoch ms when the last successful listing finished; undefined when none did. */
  lastSuccessTimeMs: number | undefined;
  /** The last failure, for the landing page and the logs; never a label. */
  error: { code: string; message: string } | undefined;
}
