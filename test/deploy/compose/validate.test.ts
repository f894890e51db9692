// validateComposeText: a compose file as it stands (an exported one edited by hand), each problem with its
// code and its line and column: YAML syntax, the Compose schema, and the rules the schema misses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateComposeText } from '../../../server/src/deploy/compose/validateCompose';

const at = (text: string) =>
  validateComposeText(text).map(
    (p) =>
      `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code} ${p.path.join('.')}: ${p.message}`,
  );

describe('validateComposeText', () => {
  test('a GPU request with both count and device_ids, or without capabilities', () => {
    const text = `services:
  a:
    image: x
    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              device_ids: ["0"]
              capabilities: [gpu]
            - driver: nvidia
              device_ids: ["1"]
`;
    assert.deepEqual(at(text), [
      '9:15 compose/device-request services.a.deploy.resources.reservations.devices.0.count: "count" and "device_ids" are exclusive: Compose refuses a device request with both',
      '12:15 compose/device-request services.a.deploy.resources.reservations.devices.1: a device request needs "capabilities" (e.g. [gpu]): Docker refuses one without',
    ]);
  });

  test('a GPU in two services', () => {
    const gpu = (id: string) =>
      `    deploy: {resources: {reservations: {devices: [{driver: nvidia, device_ids: ["${id}"], capabilities: [gpu]}]}}}\n`;
    const text = `services:\n  a:\n    image: x\n${gpu('0')}  b:\n    image: x\n${gpu('0')}`;
    const [problem, ...rest] = validateComposeText(text);
    assert.deepEqual(rest, []);
    assert.equal(problem!.code, 'compose/gpu-shared');
    assert.deepEqual(problem!.range.start, { line: 6, character: 80 });
    assert.match(problem!.message, /GPU "0" is also reserved at services\.a\.deploy/);
  });

  test('a Triton service whose stop_grace_period does not outlast its exit timeout', () => {
    const text = `services:
  a:
    image: x
    command: [tritonserver, --model-repository=/models]
    stop_grace_period: 30s
  b:
    image: x
    command: [mpirun, -n, "1", tritonserver]
  c:
    image: x
    command: [tritonserver, --exit-timeout-secs=5]
    stop_grace_period: 1m
`;
    assert.deepEqual(at(text), [
      "5:24 compose/grace-period services.a.stop_grace_period: stop_grace_period 30s is not longer than Triton's exit timeout (30 s, Triton's default): the replica would be killed while it drains",
      "6:3 compose/grace-period services.b: Compose's default stop_grace_period (10s) is not longer than Triton's exit timeout (30 s, Triton's default): the replica would be killed while it drains",
    ]);
  });

  test('a host port published twice, and a dependency on a service that does not exist', () => {
    const text = `services:
  a:
    image: x
    ports: ["127.0.0.1:8080:8000"]
  b:
    image: x
    ports: ["8080:80", {target: 81, published: 9000}, "9000:82"]
    depends_on:
      nginx: {condition: service_healthy}
`;
    assert.deepEqual(at(text), [
      "9:7 compose/undefined-service services.b.depends_on.nginx: Service 'b' depends on service 'nginx' which is undefined.",
      '7:13 compose/port-clash services.b.ports.0: host port 8080/tcp is also published at services.a.ports.0: Docker would refuse the second ("port is already allocated")',
      '7:55 compose/port-clash services.b.ports.2: host port 9000/tcp is also published at services.b.ports.1: Docker would refuse the second ("port is already allocated")',
    ]);
  });

  test('what the Compose schema refuses: an unknown key, a wrong duration', () => {
    const text = `services:
  a:
    image: x
    stop_grace_period: soon
    helthcheck: {test: [CMD, "true"]}
`;
    assert.deepEqual(at(text), [
      '5:5 compose/schema services.a.helthcheck: "helthcheck" is not allowed here',
      '4:24 compose/schema services.a.stop_grace_period: must match format "duration"',
    ]);
  });

  test('YAML that does not parse, and text that is no compose file, never throw', () => {
    const broken = validateComposeText('services:\n  a: [\n');
    assert.ok(broken.length > 0 && broken.every((p) => p.code === 'compose/yaml-syntax'));
    for (const text of ['', '42', '- a', 'services: 3', '\u0000\u0001', 'a: &x [*x]'])
      assert.doesNotThrow(() => validateComposeText(text), text);
  });
});
