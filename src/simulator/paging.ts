import { SimulatedApiError } from './simulated-api-error.js';

/** PageSize when the request sends none (the API's documented default). */
export const DEFAULT_PAGE_SIZE = 30;
/** Larger PageSize values are served as this (the documented maximum of the list actions). */
export const MAX_PAGE_SIZE = 100;

export interface Page {
  /** 1-based. */
  pageNo: number;
  /** As served: the requested size capped at MAX_PAGE_SIZE. */
  pageSize: number;
  /** Index of the page's first item. */
  offset: number;
}

/** PageNo and PageSize of a list request; a value that is not a positive integer is InvalidParameter. */
export function readPage(query: ReadonlyMap<string, string>): Page {
  const pageNo = readPositiveInteger(query, 'PageNo') ?? 1;
  const pageSize = Math.min(MAX_PAGE_SIZE, readPositiveInteger(query, 'PageSize') ?? DEFAULT_PAGE_SIZE);
  return { pageNo, pageSize, offset: (pageNo - 1) * pageSize };
}

/** A query integer >= 1, undefined when absent (for logs and fault filters, which must not throw). */
export function peekPositiveInteger(query: ReadonlyMap<string, string>, name: string): number | undefined {
  const text = query.get(name);
  return text !== undefined && /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

function readPositiveInteger(query: ReadonlyMap<string, string>, name: string): number | undefined {
  const text = query.get(name);
  if (text === undefined || text === '') return undefined;
  const value = peekPositiveInteger(query, name);
  if (value === undefined) {
    throw new SimulatedApiError(400, 'InvalidParameter', `Specified parameter ${name} is not valid: ${JSON.stringify(text)}.`);
  }
  return value;
}
