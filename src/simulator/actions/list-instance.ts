import { readPage } from '../paging.js';
import { ownedBy, pageAnswer, type ActionHandler } from './action-handler.js';

/**
 * ListInstance: the called region's instances (the region is the endpoint's), filtered by the
 * optional InstanceStatus, InstanceName (substring) and ResourceGroupId, paged; only the caller's
 * account's instances.
 */
export const listInstance: ActionHandler = (request) => {
  const page = readPage(request.query);
  const status = request.query.get('InstanceStatus');
  const name = request.query.get('InstanceName');
  const resourceGroupId = request.query.get('ResourceGroupId');
  const region = request.dataset.regions.find((candidate) => candidate.id === request.regionId);
  const instances = (region?.instances ?? [])
    .filter((entry) => ownedBy(entry, request.account))
    .map((entry) => entry.instance)
    .filter(
      (instance) =>
        (!status || instance.InstanceStatus === status) &&
        (!name || instance.InstanceName.includes(name)) &&
        (!resourceGroupId || instance.ResourceGroupId === resourceGroupId),
    );
  return pageAnswer(request, page, instances.length, 'Instances', instances.slice(page.offset, page.offset + page.pageSize));
};
