// The Triton Containers view shows a Compose project (replicas behind nginx) as one node with its containers
// under it, nginx first: client/src/deploy/containerState.ts's viewRows, which the tree renders as it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viewRows } from '../../../client/src/deploy/containerState';
import type { StatusEntry } from '../../../server/src/deploy/deploy';

const entry = (name: string, labels: Record<string, string>, ready = true): StatusEntry => ({
  id: name,
  name,
  image: 'img',
  state: 'running',
  status: 'Up',
  labels,
  ready,
});

test('a Compose project is one row holding nginx, then its replicas; other containers stay rows of their own', () => {
  const project = (role: string) => ({
    'com.docker.compose.project': 'triton-pair-1',
    'dev.triton-toolkit.role': role,
  });
  const rows = viewRows([
    entry('single', {}),
    entry('triton-pair-1_triton-1_1', project('replica'), false),
    entry('triton-pair-1_nginx_1', project('balancer')),
    entry('triton-pair-1_triton-0_1', project('replica')),
  ]);
  assert.deepEqual(
    rows.map((r) =>
      r.kind === 'container'
        ? r.entry.name
        : `${r.name}: ${r.ready}/${r.replicas} [${r.entries.map((e) => e.name).join(', ')}]`,
    ),
    [
      'single',
      'triton-pair-1: 1/2 [triton-pair-1_nginx_1, triton-pair-1_triton-0_1, triton-pair-1_triton-1_1]',
    ],
  );
});
