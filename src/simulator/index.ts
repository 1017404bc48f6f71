/**
 * The ACR API simulator: the Container Registry API (2018-12-01) over HTTP on 127.0.0.1, with
 * ACS3-HMAC-SHA256 verification, paging, seeded data and scriptable faults; optionally STS
 * AssumeRole over HTTPS, with instances owned by accounts. Used by the tests, the
 * demo and the benchmark; production modules never import it.
 */
export type { ListOrder, RawInstance, RawRule, SimCredential, SimDataset, SimInstance, SimRegion, TaskSource } from './dataset.js';
export { DEFAULT_SIM_ACCOUNT, findInstance } from './dataset.js';
export { startSimulator, type RunningSimulator, type RunningSts, type SimulatorOptions } from './start-simulator.js';
export { STS_API_VERSION, type SimRole } from './sts-service.js';
export { STS_ACCESS_KEY_PREFIX, type SimAccessKey } from './access-keys.js';
export type { ServerRateLimitOptions } from './server-rate-limit.js';
export type { FaultInjector, FaultKind, FaultSpec } from './fault-injector.js';
export type { RequestLog, RequestLogEntry } from './request-log.js';
export { staticTaskSource } from './static-task-source.js';
export { churningTaskSource, type ChurningTaskSource } from './churning-task-source.js';
export { timelineTaskSource } from './timeline-task-source.js';
export { FINISHED_STATUS, RUNNING_STATUS, renderTimelineTask, type TimelineTask } from './timeline-task.js';
export { syntheticTaskSource, type SyntheticTaskSourceOptions } from './synthetic-task-source.js';
export { generateDataset, type GenerateDatasetOptions } from './generate-dataset.js';
export { DEMO_CREDENTIAL, DEMO_FORBIDDEN_INSTANCE_ID, demoScenario } from './demo-scenario.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.js';
export { MAX_CLOCK_SKEW_MS } from './request-authenticator.js';
