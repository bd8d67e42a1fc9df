import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode } from './app-error';
import { pureCheckOf } from './pure-validation';

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

/**
 * Names the field as the client wrote it: a problem in `@Args('input')` is `input.email`, as the services
 * name theirs (`input.organizationId`); top-level arguments (`first`) keep their own name.
 */
class FieldNamingValidationPipe extends ValidationPipe {
  constructor(options: ConstructorParameters<typeof ValidationPipe>[0], private readonly pure: boolean) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Hot read inputs with a pure check (pure-validation.ts) stay the plain objects graphql-js made.
    const check = this.pure && value != null ? pureCheckOf(metadata.metatype) : undefined;
    if (check) {
      const problem = check(value);
      if (problem) throw AppError.badInput(typeof metadata.data === 'string' && metadata.data ? `${metadata.data}.${problem.field}` : problem.field, problem.rule);
      return value;
    }
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.BAD_USER_INPUT && typeof metadata.data === 'string' && metadata.data) {
        throw AppError.badInput(`${metadata.data}.${String(err.details.field)}`, String(err.details.rule));
      }
      throw err;
    }
  }
}

/**
 * class-validator errors become BAD_USER_INPUT naming the field and the rule. Inputs registered with
 * validateWith (pure-validation.ts) are checked by their pure function instead, unless `pure` is false
 * (what the test comparing the two uses).
 */
export function createValidationPipe(options: { pure?: boolean } = {}): ValidationPipe {
  return new FieldNamingValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors: ValidationError[]) => {
      const p = firstProblem(errors) ?? { field: 'input', rule: 'is invalid' };
      return AppError.badInput(p.field, p.rule);
    },
  }, options.pure ?? true);
}
