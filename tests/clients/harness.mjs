// A small test harness shared by the JavaScript clients: named checks run in
// order, each passing or failing with its reason, and a closing line
// "<client>: N passed, N failed" (the exit code is 1 when any failed).
import { format, isDeepStrictEqual, inspect } from 'node:util';

export function suite(client) {
  let passed = 0;
  let failed = 0;
  return {
    async check(name, fn) {
      try {
        await fn();
        passed += 1;
        console.log(`ok - ${client}: ${name}`);
      } catch (e) {
        failed += 1;
        console.log(`not ok - ${client}: ${name}\n    ${String(e && e.message ? e.message : e).replace(/\n/g, '\n    ')}`);
      }
    },
    done() {
      console.log(`${client}: ${passed} passed, ${failed} failed`);
      process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
    },
  };
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function assertEqual(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${inspect(expected, { depth: 6 })}, got ${inspect(actual, { depth: 6 })}`);
  }
}

export function show(value) {
  return inspect(value, { depth: 6, breakLength: Infinity });
}

// Records everything written through console.warn/error/log/info/debug while
// `fn` runs (the libraries' warnings end up there), without printing it.
export async function captureConsole(fn) {
  const methods = ['warn', 'error', 'log', 'info', 'debug'];
  const saved = Object.fromEntries(methods.map((m) => [m, console[m]]));
  const messages = [];
  for (const m of methods) {
    console[m] = (...args) => {
      messages.push(`console.${m}: ${format(...args).replace(/\s*\n\s*/g, ' ')}`);
    };
  }
  try {
    const result = await fn();
    return { result, messages };
  } finally {
    Object.assign(console, saved);
  }
}

// POSTs one GraphQL request and returns the HTTP status and the parsed body.
export async function post(url, query, variables) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

// stats { entities }, asked directly: what the clients' counts must equal.
export async function statsEntities(url) {
  const { status, body } = await post(url, '{ stats { entities } }');
  const n = body && body.data && body.data.stats && body.data.stats.entities;
  if (status !== 200 || !Number.isInteger(n) || n < 1) {
    throw new Error(`{ stats { entities } } answered ${status} ${inspect(body)}`);
  }
  return n;
}
