#!/usr/bin/env node
// Independent verifier for Casebridge signed JSON, built only on code the project did not write:
//   jose         (JWS / JWK, by Filip Skokan)
//   canonicalize (RFC 8785 JSON Canonicalization Scheme reference implementation, by Anders Rundgren / Samuel Erdtman)
//
// Usage: node verify-jws.mjs <jwks.json> <signed.json> [<name>]
//
// <signed.json> must be { "<name>": { ...object... }, "jws": "<compact JWS>" } and nothing else.
// <name> defaults to whichever of "receipt" or "message" the document holds.
//
// Valid when BOTH hold:
//   (a) the compact JWS is ES256, its protected header names a kid, and its signature verifies with
//       the one key of that kid in <jwks.json>;
//   (b) the JWS payload is byte for byte the RFC 8785 canonical form of the <name> object, computed here.
//
// Prints "OK kid=<kid>" and exits 0, or prints one line "FAIL: <reason>" and exits 1.
// Exits 2 on wrong usage (a bug in the caller, not a verdict).

import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import canonicalize from 'canonicalize';

const DEFAULT_NAMES = ['receipt', 'message'];

class Rejected extends Error {}

function reject(reason) {
  throw new Rejected(reason);
}

function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    reject(`cannot read ${what} ${path}: ${e.message}`);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    reject(`${what} is not JSON: ${e.message}`);
  }
  const duplicate = findDuplicateMember(text);
  if (duplicate !== null) {
    // RFC 8785 works on I-JSON (RFC 7493), which forbids duplicate member names; JSON.parse would
    // silently keep the last one while another reader might keep the first.
    reject(`${what} has a duplicate member name ${JSON.stringify(duplicate)}`);
  }
  return value;
}

// Scans text that JSON.parse already accepted and returns the first member name that occurs twice in
// one object (compared after unescaping), or null.
function findDuplicateMember(text) {
  const stack = []; // a Set of names for an object, null for an array
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') {
        j += text[j] === '\\' ? 2 : 1;
      }
      const raw = text.slice(i, j + 1);
      i = j + 1;
      let k = i;
      while (k < text.length && ' \t\n\r'.includes(text[k])) {
        k++;
      }
      if (text[k] === ':') {
        const name = JSON.parse(raw);
        const names = stack[stack.length - 1];
        if (names.has(name)) {
          return name;
        }
        names.add(name);
      }
    } else {
      if (c === '{') {
        stack.push(new Set());
      } else if (c === '[') {
        stack.push(null);
      } else if (c === '}' || c === ']') {
        stack.pop();
      }
      i++;
    }
  }
  return null;
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function selectKey(jwks, kid) {
  if (!isPlainObject(jwks) || !Array.isArray(jwks.keys)) {
    reject('JWKS has no "keys" array');
  }
  const matches = jwks.keys.filter((k) => isPlainObject(k) && k.kid === kid);
  if (matches.length === 0) {
    const known = jwks.keys.map((k) => (isPlainObject(k) ? k.kid : undefined));
    reject(`unknown kid ${JSON.stringify(kid)}: the JWKS holds ${JSON.stringify(known)}`);
  }
  if (matches.length > 1) {
    reject(`ambiguous kid ${JSON.stringify(kid)}: the JWKS holds ${matches.length} keys with it`);
  }
  const jwk = matches[0];
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    reject(`JWKS key ${JSON.stringify(kid)} is not an EC P-256 key (kty=${jwk.kty}, crv=${jwk.crv})`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    reject(`JWKS key ${JSON.stringify(kid)} has use=${JSON.stringify(jwk.use)}, not "sig"`);
  }
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') {
    reject(`JWKS key ${JSON.stringify(kid)} has alg=${JSON.stringify(jwk.alg)}, not "ES256"`);
  }
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) {
    reject(`JWKS key ${JSON.stringify(kid)} has key_ops without "verify"`);
  }
  if (jwk.d !== undefined) {
    reject(`JWKS key ${JSON.stringify(kid)} publishes private key material ("d")`);
  }
  if (jwk.x5c !== undefined) {
    checkCertificateHoldsKey(jwk, kid);
  }
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

// When the JWKS also publishes the certificate, it must carry the very same public key.
function checkCertificateHoldsKey(jwk, kid) {
  if (!Array.isArray(jwk.x5c) || jwk.x5c.length === 0 || typeof jwk.x5c[0] !== 'string') {
    reject(`JWKS key ${JSON.stringify(kid)} has a malformed x5c`);
  }
  let certKey;
  try {
    certKey = new X509Certificate(Buffer.from(jwk.x5c[0], 'base64')).publicKey.export({ format: 'jwk' });
  } catch (e) {
    reject(`JWKS key ${JSON.stringify(kid)}: x5c[0] is not a certificate: ${e.message}`);
  }
  if (certKey.kty !== 'EC' || certKey.crv !== 'P-256' || certKey.x !== jwk.x || certKey.y !== jwk.y) {
    reject(`JWKS key ${JSON.stringify(kid)}: the x5c certificate holds another key than x/y`);
  }
}

function pickName(signed, requested) {
  if (!isPlainObject(signed)) {
    reject('signed document is not a JSON object');
  }
  let name = requested;
  if (name === undefined) {
    const present = DEFAULT_NAMES.filter((n) => Object.hasOwn(signed, n));
    if (present.length !== 1) {
      reject(`signed document must hold exactly one of ${JSON.stringify(DEFAULT_NAMES)}, found ${JSON.stringify(Object.keys(signed))}`);
    }
    name = present[0];
  }
  if (name === 'jws' || name.length === 0) {
    reject(`${JSON.stringify(name)} cannot name the signed object`);
  }
  const members = Object.keys(signed).sort();
  const expected = [name, 'jws'].sort();
  if (members.length !== 2 || members[0] !== expected[0] || members[1] !== expected[1]) {
    reject(`signed document must have exactly the members ${JSON.stringify(expected)}, found ${JSON.stringify(Object.keys(signed))}`);
  }
  if (!isPlainObject(signed[name])) {
    reject(`"${name}" is not a JSON object`);
  }
  if (typeof signed.jws !== 'string') {
    reject('"jws" is not a string');
  }
  return name;
}

function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      return i;
    }
  }
  return a.length === b.length ? -1 : n;
}

function excerpt(bytes, at) {
  const start = Math.max(0, at - 20);
  return JSON.stringify(Buffer.from(bytes.subarray(start, at + 20)).toString('utf8'));
}

async function verify(jwksPath, signedPath, requestedName) {
  const jwks = readJson(jwksPath, 'JWKS');
  const signed = readJson(signedPath, 'signed document');
  const name = pickName(signed, requestedName);
  const jws = signed.jws;

  if (jws.split('.').length !== 3) {
    reject('"jws" is not a compact JWS (three dot-separated parts)');
  }
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch (e) {
    reject(`JWS protected header is malformed: ${e.message}`);
  }
  if (header.alg !== 'ES256') {
    reject(`JWS alg is ${JSON.stringify(header.alg)}, not "ES256"`);
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0) {
    reject('JWS protected header has no kid');
  }
  const kid = header.kid;

  let key;
  const jwk = selectKey(jwks, kid);
  try {
    key = await importJWK(jwk, 'ES256');
  } catch (e) {
    reject(`JWKS key ${JSON.stringify(kid)} cannot be imported: ${e.message}`);
  }

  // (a) the signature, with the algorithm pinned so the header cannot pick another one.
  let payload;
  try {
    ({ payload } = await compactVerify(jws, key, { algorithms: ['ES256'] }));
  } catch (e) {
    reject(`JWS signature does not verify with kid ${JSON.stringify(kid)}: ${e.code ?? e.name}: ${e.message}`);
  }

  // (b) the payload is the canonical form of the object that the document shows.
  let canonical;
  try {
    canonical = canonicalize(signed[name]);
  } catch (e) {
    reject(`"${name}" cannot be canonicalized: ${e.message}`);
  }
  const expected = Buffer.from(canonical, 'utf8');
  const at = firstDifference(payload, expected);
  if (at !== -1) {
    reject(`JWS payload is not the RFC 8785 canonical form of "${name}": first difference at byte ${at}, payload ${excerpt(payload, at)} vs canonical ${excerpt(expected, at)}`);
  }
  return kid;
}

const args = process.argv.slice(2);
if (args.length < 2 || args.length > 3) {
  console.log('usage: node verify-jws.mjs <jwks.json> <signed.json> [<name>]');
  process.exit(2);
}

try {
  const kid = await verify(args[0], args[1], args[2]);
  console.log(`OK kid=${kid}`);
  process.exitCode = 0;
} catch (e) {
  const reason = e instanceof Rejected ? e.message : `unexpected error: ${e && e.stack ? e.stack : e}`;
  console.log(`FAIL: ${reason.replace(/\s*\n\s*/g, ' | ')}`);
  process.exitCode = 1;
}
