import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/connection';

@ObjectType('AuditEvent', { description: 'One entry of the append-only audit trail' })
export class AuditEventType {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field(() => ID, { nullable: true, description: 'Null for the system (jobs); the link id for LINK' }) actorId: string | null;
  @Field(() => String, { nullable: true, description: 'The role at the time of the act, SYSTEM, or LINK (a single-referral link)' }) actorRole: string | null;
  @Field(() => ID, { nullable: true }) actorOrganizationId: string | null;
  @Field({ description: 'e.g. SERVICE_CAPACITY_UPDATED, USER_DEACTIVATED, CLIENT_READ' }) action: string;
  @Field() entityType: string;
  @Field(() => ID) entityId: string;
  @Field(() => ID, { nullable: true, description: 'The organisation the record belongs to' }) entityOrganizationId: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true }) clientAddress: string | null;
  @Field({ description: 'JSON object: codes and field names, no personal data' }) details: string;
}

@ObjectType()
export class AuditEventConnection extends Connection(AuditEventType, 'AuditEvent') {}
