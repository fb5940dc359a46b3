// Fails the running test when an answer it received (or caused) disagrees with the OpenAPI
// document: see test/helpers/contract.ts.
import { takeViolations } from '../helpers/contract';

function failOnViolations(): void {
  const found = takeViolations();
  if (found.length > 0) {
    const counted = new Map<string, number>();
    for (const line of found) counted.set(line, (counted.get(line) ?? 0) + 1);
    const lines = [...counted].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line));
    throw new Error(`The api answered outside its OpenAPI document:\n  ${lines.join('\n  ')}`);
  }
}

afterEach(failOnViolations);
afterAll(failOnViolations);
