// Decodes a Sparkplug B payload file with Eclipse Tahu's JavaScript codec (npm package sparkplug-payload) and prints
// the metrics as JSON: [{ name, alias, datatype, value }], with 64-bit integers (Long) as decimal strings.
// Used by TahuInteropTests as an independent decoder. Usage: node decode-with-tahu.js <payload file>
'use strict';
const fs = require('fs');
const path = require('path');

const modules = path.join(__dirname, 'node_modules');
const sparkplug = require(require.resolve('sparkplug-payload', { paths: [modules, __dirname] }));

function plain(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && typeof value.toString === 'function' && 'low' in value && 'high' in value) {
    return value.toString(); // Long
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

const bytes = fs.readFileSync(process.argv[2]);
const payload = sparkplug.get('spBv1.0').decodePayload(new Uint8Array(bytes));
const metrics = (payload.metrics || []).map(m => ({
  name: m.name === undefined ? null : m.name,
  alias: m.alias === undefined ? null : plain(m.alias),
  datatype: m.type,
  value: plain(m.value),
}));
process.stdout.write(JSON.stringify({ seq: plain(payload.seq), metrics }));
