// TypeScript types for clients of the API, from the committed OpenAPI document:
//   node openapi/generate-types.mjs openapi/openapi.json [openapi/schema.d.ts]
// (npm run gen:api-types; without an output file the types go to stdout). As the CLI of
// openapi-typescript does, except that a binary string (the roster file of a multipart upload,
// an XLSX download) is a Blob: what a browser or Node client actually sends and receives.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import ts from 'typescript';

const [input, output] = process.argv.slice(2);
if (!input) {
  process.stderr.write('usage: node openapi/generate-types.mjs <openapi.json> [out.d.ts]\n');
  process.exit(2);
}
const blob = ts.factory.createTypeReferenceNode('Blob');
const nothing = ts.factory.createLiteralTypeNode(ts.factory.createNull());

const ast = await openapiTS(pathToFileURL(input), {
  defaultNonNullable: false,
  transform(schema) {
    if (schema.type !== 'string' || schema.format !== 'binary') return undefined;
    return schema.nullable ? ts.factory.createUnionTypeNode([blob, nothing]) : blob;
  },
});
const text = COMMENT_HEADER + astToString(ast);
if (output) writeFileSync(output, text);
else process.stdout.write(text);
