import { describe, it, expect } from '@jest/globals';
import { parseSubscriptionTask } from '../../src/api/parse-subscription-task.js';

/** The sample task of the API reference page (ListArtifactSubscriptionTask). */
const referenceSample = {
  InstanceId: 'cri-7pd01myak****',
  TaskId: 'crast-40le4es9yh0p****',
  TaskStatus: 'RUNNING',
  TaskResult: 'SUCCESS',
  TaskType: 'AUTO',
  StartTime: 1695348301000,
  EndTime: 1692756630000,
  ArtifactType: 'IMAGE',
  SourceProvider: 'DOCKER_HUB',
  SourceRepoType: 'PUBLIC',
  SourceNamespaceName: 'library',
  SourceRepoName: 'nginx',
  NamespaceName: 'test-ns',
  RepoName: 'test-repo',
  TagTotalCount: 311,
  TagSubscriptionCount: 3,
  Message: 'success',
};

describe('parseSubscriptionTask', () => {
  it('reads every field of the reference sample', () => {
    expect(parseSubscriptionTask(referenceSample)).toEqual({
      task: {
        taskId: 'crast-40le4es9yh0p****',
        instanceId: 'cri-7pd01myak****',
        taskStatus: 'RUNNING',
        taskResult: 'SUCCESS',
        taskType: 'AUTO',
        startTimeMs: 1695348301000,
        endTimeMs: 1692756630000,
        artifactType: 'IMAGE',
        sourceProvider: 'DOCKER_HUB',
        sourceRepoType: 'PUBLIC',
        sourceNamespaceName: 'library',
        sourceRepoName: 'nginx',
        namespaceName: 'test-ns',
        repoName: 'test-repo',
        tagTotalCount: 311,
        tagSubscriptionCount: 3,
        message: 'success',
      },
      invalid: [],
    });
  });

  it('reads times and counts sent as numeric strings (the action model types them as strings)', () => {
    const { task, invalid } = parseSubscriptionTask({ ...referenceSample, StartTime: '1695348301000', EndTime: '1695349301000', TagTotalCount: '311', TagSubscriptionCount: '3' });

    expect(task).toMatchObject({ startTimeMs: 1695348301000, endTimeMs: 1695349301000, tagTotalCount: 311, tagSubscriptionCount: 3 });
    expect(invalid).toEqual([]);
  });

  it.each([0, '', '0', undefined, null])('reads EndTime %p as not ended', (endTime) => {
    const { task, invalid } = parseSubscriptionTask({ ...referenceSample, EndTime: endTime });

    expect(task?.endTimeMs).toBeUndefined();
    expect(invalid).toEqual([]);
  });

  it('rejects a task without TaskId rather than invent one', () => {
    expect(parseSubscriptionTask({ ...referenceSample, TaskId: undefined })).toEqual({ task: undefined, invalid: ['missing_task_id'] });
    expect(parseSubscriptionTask({ ...referenceSample, TaskId: '  ' })).toEqual({ task: undefined, invalid: ['missing_task_id'] });
    expect(parseSubscriptionTask('not an object')).toEqual({ task: undefined, invalid: ['missing_task_id'] });
  });

  it('keeps a task with unparseable times, without them, and says why', () => {
    const { task, invalid } = parseSubscriptionTask({ ...referenceSample, StartTime: 'soon', EndTime: '2023-09-22' });

    expect(task?.taskId).toBe('crast-40le4es9yh0p****');
    expect(task?.startTimeMs).toBeUndefined();
    expect(task?.endTimeMs).toBeUndefined();
    expect(invalid).toEqual(['invalid_start_time', 'invalid_end_time']);
  });

  it('drops bad tag counts with one invalid_tag_count each, and leaves absent ones alone', () => {
    const bad = parseSubscriptionTask({ ...referenceSample, TagTotalCount: 'lots', TagSubscriptionCount: -3 });
    const absent = parseSubscriptionTask({ ...referenceSample, TagTotalCount: undefined, TagSubscriptionCount: null });

    expect(bad.task).toMatchObject({ tagTotalCount: undefined, tagSubscriptionCount: undefined });
    expect(bad.invalid).toEqual(['invalid_tag_count', 'invalid_tag_count']);
    expect(absent.task).toMatchObject({ tagTotalCount: undefined, tagSubscriptionCount: undefined });
    expect(absent.invalid).toEqual([]);
  });

  it('turns missing optional strings into ""', () => {
    const { task } = parseSubscriptionTask({ TaskId: 'crast-1' });

    expect(task).toEqual({
      taskId: 'crast-1',
      instanceId: '',
      taskStatus: '',
      taskResult: '',
      taskType: '',
      startTimeMs: undefined,
      endTimeMs: undefined,
      artifactType: '',
      sourceProvider: '',
      sourceRepoType: '',
      sourceNamespaceName: '',
      sourceRepoName: '',
      namespaceName: '',
      repoName: '',
      tagTotalCount: undefined,
      tagSubscriptionCount: undefined,
      message: '',
    });
  });
});
