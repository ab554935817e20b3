#!/usr/bin/env node
// Validates an OpenAPI document with @seriousme/openapi-schema-validator (the official OpenAPI
// 3.0/3.1 JSON Schemas, checked by Ajv), code the project did not write.
//
// Usage: node validate-openapi.mjs <openapi.json>
// Prints "OK <version>" and exits 0, or prints "FAIL" and the validator's errors and exits 1.
// Exits 2 on wrong usage.

import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';

if (process.argv.length !== 3) {
  console.log('usage: node validate-openapi.mjs <openapi.json>');
  process.exit(2);
}
const document = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const validator = new Validator();
const result = await validator.validate(document);
if (result.valid) {
  console.log(`OK ${validator.version}`);
  process.exit(0);
}
console.log('FAIL');
console.log(JSON.stringify(result.errors, null, 2));
process.exit(1);
