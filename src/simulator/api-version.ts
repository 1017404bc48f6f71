/**
 * The API version the simulator serves (x-acs-version), as the Container Registry reference states
 * it. Written here, not imported from src/api: a wrong constant in production code must be refused
 * by the fake, not agreed with.
 */
export const SIMULATED_API_VERSION = '2018-12-01';
