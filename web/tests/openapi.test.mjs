// The API against its own OpenAPI document: every GET operation is called on the real
// server (`ics serve --demo`) as a role it allows, and the response must match the
// schema the document gives for its status; every restricted operation called
// anonymously must answer 401 in the platform's error shape; malformed bodies to every
// write must get a 4xx in that shape, never a 5xx.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { startServer } from './helpers.mjs';

describe('OpenAPI document against real responses', () => {
  let server;
  let doc;
  const cookies = {};  // role -> Cookie header value
  let ajv;

  before(async () => {
    server = await startServer(['--demo']);
    doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'ics-openapi', components: doc.components });
    for (const [role, user] of Object.entries(server.users)) {
      const res = await fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(user),
      });
      assert.equal(res.status, 200, `sign in as ${role}`);
      const set = res.headers.get('set-cookie');
      cookies[role] = set.split(';')[0];
    }
  });

  after(async () => {
    const exit = await server?.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  // Validates `body` against a schema from the document (refs resolve to its components).
  function validate(schema, body, what) {
    const check = ajv.compile(rebase(schema));
    const ok = check(body);
    assert.ok(ok, `${what}: ${ajv.errorsText(check.errors, { separator: '\n  ' })}`);
  }
  // Points local refs (#/components/...) at the document registered as ics-openapi.
  function rebase(schema) {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"ics-openapi#/components/'));
  }

  function concretePath(path, op) {
    let out = path;
    for (const p of op.parameters ?? []) {
      if (p.in === 'path') out = out.replace(`{${p.name}}`, encodeURIComponent(p.example ?? '1'));
    }
    const query = (op.parameters ?? []).filter((p) => p.in === 'query' && (p.required || p.example !== undefined))
      .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.example ?? '')}`);
    return query.length ? `${out}?${query.join('&')}` : out;
  }

  test('the document is OpenAPI 3.1 and every schema in it compiles', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(Object.keys(doc.paths).length >= 20);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        assert.ok(Array.isArray(op['x-roles']) && op['x-roles'].length, `${method} ${path} declares its roles`);
        for (const [status, response] of Object.entries(op.responses)) {
          for (const [type, media] of Object.entries(response.content ?? {})) {
            assert.doesNotThrow(() => ajv.compile(rebase(media.schema)), `${method} ${path} ${status} ${type}`);
          }
        }
      }
    }
  });

  test('every GET answers as its schema says, for a role it allows', async () => {
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      if (!op) continue;
      const roles = op['x-roles'];
      const role = roles.includes('public') ? null : roles[0];
      const url = `${server.url}${concretePath(path, op)}`;
      const res = await fetch(url, { headers: role ? { Cookie: cookies[role] } : {} });
      const what = `GET ${url} as ${role ?? 'anonymous'} -> ${res.status}`;
      const response = op.responses[String(res.status)];
      assert.ok(response, `${what}: status not in the document`);
      assert.ok(res.status < 500, what);
      const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
      const media = response.content?.[type];
      assert.ok(media, `${what}: media type ${type} not in the document (${Object.keys(response.content ?? {})})`);
      if (type === 'application/json') validate(media.schema, await res.json(), what);
      else assert.ok((await res.arrayBuffer()).byteLength > 0, `${what}: empty body`);
      checked++;
    }
    assert.ok(checked >= 15, `checked ${checked}`);
  });

  test('restricted operations refuse anonymous callers with the error shape', async () => {
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op['x-roles'].includes('public')) continue;
        const res = await fetch(`${server.url}${concretePath(path, op)}`, { method: method.toUpperCase() });
        const what = `${method.toUpperCase()} ${path} anonymous -> ${res.status}`;
        assert.equal(res.status, 401, what);
        validate(op.responses['401'].content['application/json'].schema, await res.json(), what);
        checked++;
      }
    }
    assert.ok(checked >= 10);
  });

  test('malformed bodies to every write get a 4xx in the error shape', async () => {
    const bodies = ['{', '[]', '{"unknown": 1}', '"text"', 'null', '{"a":' + '['.repeat(100)];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (method === 'get' || !op.requestBody) continue;
        const role = op['x-roles'].includes('public') ? 'finance' : op['x-roles'][0];
        const session = await (await fetch(`${server.url}/api/v1/session`, { headers: { Cookie: cookies[role] } })).json();
        for (const body of bodies) {
          const res = await fetch(`${server.url}${concretePath(path, op)}`, {
            method: method.toUpperCase(),
            headers: { Cookie: cookies[role], 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf ?? '' },
            body,
          });
          const what = `${method.toUpperCase()} ${path} as ${role} with ${body.slice(0, 20)} -> ${res.status}`;
          assert.ok(res.status >= 400 && res.status < 500, what);
          const json = await res.json();
          assert.equal(typeof json.error?.code, 'string', what);
          assert.equal(typeof json.error?.message, 'string', what);
        }
      }
    }
  });
});
