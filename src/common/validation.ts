import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

function firstProblem(errors: ValidationError[], prefix = ''): { field: string; rule: string } | undefined {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints && Object.keys(e.constraints).length > 0) {
      return { field, rule: Object.values(e.constraints)[0] };
    }
    const nested = firstProblem(e.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/** class-validator errors become BAD_USER_INPUT naming the field and the rule. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors: ValidationError[]) => {
      const p = firstProblem(errors) ?? { field: 'input', rule: 'is invalid' };
      return AppError.badInput(p.field, p.rule);
    },
  });
}
