import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'rujuk:isPublic';
/** Marks an operation that needs no authentication (login, health). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
