/** The domain model: what the exporter knows of an ACR instance, whatever source it came from. */

/** An ACR Enterprise Edition instance (ListInstance). */
export interface Instance {
  instanceId: string;
  instanceName: string;
  /** e.g. Enterprise_Basic; "" when the API omits it. */
  instanceSpecification: string;
  /** PENDING, INIT_ERROR, STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED; "" when omitted. */
  instanceStatus: string;
  regionId: string;
}
