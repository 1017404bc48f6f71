import type { SimDataset, SimInstance } from '../dataset.js';
import { DEFAULT_SIM_ACCOUNT, findInstance } from '../dataset.js';
import type { Page } from '../paging.js';
import { SimulatedApiError } from '../simulated-api-error.js';
import { notSuccessBody } from '../wire-response.js';

/** One authenticated call, as an action handler sees it. */
export interface ActionRequest {
  /** Decoded query fields (the first value of a repeated field). */
  query: ReadonlyMap<string, string>;
  /** The region whose endpoint was called. */
  regionId: string;
  /** The account of the key that signed the call (a role's account for an STS key). */
  account: string;
  dataset: SimDataset;
  /** The data clock's time: what tasks look like now. */
  nowMs: number;
  requestId: string;
}

/** An answer: HTTP status and JSON body. */
export interface ActionAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Handles one action; throws SimulatedApiError for an error answer. */
export type ActionHandler = (request: ActionRequest) => ActionAnswer;

/** A required query field; its absence is the API's Missing<Name> error. */
export function requireField(request: ActionRequest, name: string): string {
  const value = request.query.get(name);
  if (!value) throw new SimulatedApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  return value;
}

/**
 * The instance named by InstanceId in the called region, or the answer the API gives for an
 * unknown one: HTTP 200 with IsSuccess false and Code INSTANCE_NOT_EXIST.
 */
export function requireInstance(request: ActionRequest): SimInstance | ActionAnswer {
  const instanceId = requireField(request, 'InstanceId');
  const instance = findInstance(request.dataset, request.regionId, instanceId);
  if (instance && !ownedBy(instance, request.account)) {
    throw new SimulatedApiError(403, 'NoPermission', `You are not authorized to operate on the instance ${instanceId}: it belongs to another account.`);
  }
  if (instance) return instance;
  return { status: 200, body: notSuccessBody(request.requestId, 'INSTANCE_NOT_EXIST', 'instance not exist.') };
}

/** Whether the caller's account owns the instance (instances without an account belong to DEFAULT_SIM_ACCOUNT). */
export function ownedBy(instance: SimInstance, account: string): boolean {
  return (instance.account ?? DEFAULT_SIM_ACCOUNT) === account;
}

export function isAnswer(value: SimInstance | ActionAnswer): value is ActionAnswer {
  return 'status' in value;
}

/**
 * A successful page of a list action: the common fields, PageNo, PageSize, TotalCount and the page's
 * items under `listName` (Tasks, Rules, Instances, TaskResults).
 */
export function pageAnswer(request: ActionRequest, page: Page, totalCount: number, listName: string, items: unknown[]): ActionAnswer {
  return {
    status: 200,
    body: { ...successFields(request), PageNo: page.pageNo, PageSize: page.pageSize, TotalCount: totalCount, [listName]: items },
  };
}

/** The fields every successful answer starts with. */
export function successFields(request: ActionRequest): Record<string, unknown> {
  return { RequestId: request.requestId, Code: 'success', IsSuccess: true };
}
