/** Which part of the instances one exporter collects: shard `index` of `total` (0..total-1); { 0, 1 } when not sharded. */
export interface Shard {
  index: number;
  total: number;
}
