/** Entries kept by default; the oldest are dropped past it so a long-running simulator stays bounded. */
export const DEFAULT_REQUEST_LOG_LIMIT = 100_000;

export interface RequestLogEntry {
  region: string;
  /** The x-acs-action header ('' when absent). */
  action: string;
  /** The InstanceId query field, when sent. */
  instanceId?: string;
  /** PageNo and PageSize as sent (absent when not sent or not a positive integer; PageSize before the cap). */
  pageNo?: number;
  pageSize?: number;
  /** HTTP status answered; 0 when the simulator never answers (timeout fault). */
  status: number;
  /** 'success', the error code answered, or 'timeout' for no answer. */
  code: string;
  /** The caller's AccessKeyId, once its signature was verified (for AssumeRole: the key that asked). */
  accessKeyId?: string;
  /** The account the call acted as, once verified: the key owner's, or an assumed role's (for AssumeRole: the role's). */
  account?: string;
}

export interface RequestLog {
  readonly entries: readonly RequestLogEntry[];
  /** Entries matching every field given in `filter` (all entries without a filter). */
  count(filter?: Partial<RequestLogEntry>): number;
  clear(): void;
}

/** The request log in memory, bounded to `limit` entries (the oldest go first). */
export class MemoryRequestLog implements RequestLog {
  private list: RequestLogEntry[] = [];

  constructor(private readonly limit = DEFAULT_REQUEST_LOG_LIMIT) {}

  get entries(): readonly RequestLogEntry[] {
    return this.list;
  }

  record(entry: RequestLogEntry): void {
    this.list.push(entry);
    // Drop in blocks of a tenth so trimming stays cheap per request.
    if (this.list.length > this.limit) this.list.splice(0, this.list.length - this.limit + Math.ceil(this.limit / 10));
  }

  count(filter: Partial<RequestLogEntry> = {}): number {
    const wanted = Object.entries(filter).filter(([, value]) => value !== undefined) as [keyof RequestLogEntry, unknown][];
    return this.list.filter((entry) => wanted.every(([field, value]) => entry[field] === value)).length;
  }

  clear(): void {
    this.list = [];
  }
}
