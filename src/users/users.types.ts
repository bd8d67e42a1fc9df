import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/connection';
import { UserType } from '../identity/identity.types';

@ObjectType()
export class UserConnection extends Connection(UserType, 'User') {}
