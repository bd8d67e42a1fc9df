import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MAX_PAGE_SIZE, PageArgs } from '../../common/connection';

@ArgsType()
export class SetOrganizationWebhookArgs {
  @Field(() => ID) @IsUUID() organizationId: string;
  @Field() @IsString() @MaxLength(2000) url: string;
  @Field({ defaultValue: true }) @IsBoolean() active: boolean;
  @Field({ defaultValue: false, description: 'Issue a new secret (the old one stops working at once)' })
  @IsOptional()
  @IsBoolean()
  rotateSecret: boolean;
}

@ArgsType()
export class DeadLettersArgs extends PageArgs {}

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() unreadOnly?: boolean;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: `Notification ids (at most ${MAX_PAGE_SIZE})` })
  @IsOptional() @ArrayMaxSize(MAX_PAGE_SIZE) @IsUUID('all', { each: true }) ids?: string[];
  @Field(() => Boolean, { nullable: true, description: 'Mark every unread notification of the signed-in user' }) @IsOptional() @IsBoolean() all?: boolean;
}
