import type { ApiError } from '../errors.js';
import { invalidResponseError, type ErrorContext } from './classify-error.js';
import { readOptionalCount, type RawObject } from './raw-fields.js';

/** The paging envelope of a list response, its entries still raw. */
export interface ListBody {
  entries: unknown[];
  totalCount: number | undefined;
  pageSize: number | undefined;
}

/**
 * Reads the list field (`Tasks`, `Instances`, `Rules`, `TaskResults`) of a successful body.
 * A list that is not an array is an invalid response, with one exception: an absent (or null)
 * list with TotalCount 0 is an empty listing, since some backends omit empty arrays.
 */
export function readListBody(body: RawObject, listField: string, context: ErrorContext): ListBody {
  const totalCount = readOptionalCount(body['TotalCount']);
  const pageSize = readOptionalCount(body['PageSize']);
  const list = body[listField];
  if (Array.isArray(list)) return { entries: list, totalCount, pageSize };
  if ((list === undefined || list === null) && totalCount === 0) return { entries: [], totalCount, pageSize };
  throw listNotArray(context, listField, list, body);
}

function listNotArray(context: ErrorContext, listField: string, list: unknown, body: RawObject): ApiError {
  const got = list === undefined ? 'absent' : list === null ? 'null' : typeof list;
  return invalidResponseError(context, `${listField} is not an array (${got})`, body);
}
