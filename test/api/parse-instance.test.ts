import { describe, it, expect } from '@jest/globals';
import { parseInstance } from '../../src/api/parse-instance.js';

describe('parseInstance', () => {
  it('reads an instance of ListInstance', () => {
    const raw = {
      InstanceId: 'cri-abc',
      InstanceName: 'prod',
      InstanceSpecification: 'Enterprise_Basic',
      InstanceStatus: 'RUNNING',
      RegionId: 'cn-shanghai',
      CreateTime: '1695348301000',
    };

    expect(parseInstance(raw, 'cn-hangzhou')).toEqual({
      instanceId: 'cri-abc',
      instanceName: 'prod',
      instanceSpecification: 'Enterprise_Basic',
      instanceStatus: 'RUNNING',
      regionId: 'cn-shanghai',
    });
  });

  it('takes the asked region when RegionId is missing, and "" for missing strings', () => {
    expect(parseInstance({ InstanceId: 'cri-abc' }, 'cn-hangzhou')).toEqual({
      instanceId: 'cri-abc',
      instanceName: '',
      instanceSpecification: '',
      instanceStatus: '',
      regionId: 'cn-hangzhou',
    });
  });

  it('drops an entry without InstanceId', () => {
    expect(parseInstance({ InstanceName: 'x' }, 'cn-hangzhou')).toBeUndefined();
    expect(parseInstance(null, 'cn-hangzhou')).toBeUndefined();
  });
});
