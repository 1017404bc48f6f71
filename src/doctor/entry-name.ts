import type { RegionConfig } from '../config/types.js';

/** A region entry as the report names it: its id, and its role when it has one (a region may be listed once per role). */
export function entryName(region: Pick<RegionConfig, 'id' | 'role'>): string {
  return region.role ? `${region.id} (${region.role.arn})` : region.id;
}
