import { Field, ID, Int, ObjectType, registerEnumType, ArgsType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Connection, PageArgs } from '../../common/connection';
import { IMPORT_FORMATS, type ImportFormat } from './import-record';

export enum DirectoryImportStatus { QUEUED = 'QUEUED', RUNNING = 'RUNNING', SUCCEEDED = 'SUCCEEDED', FAILED = 'FAILED' }
registerEnumType(DirectoryImportStatus, { name: 'DirectoryImportStatus' });

/** The upload's query string. */
export class DirectoryImportQuery {
  /** Dry run unless `dryRun=false`: the report first, nothing written. */
  @IsOptional() @IsIn(['true', 'false']) dryRun?: 'true' | 'false';
  @IsOptional() @IsIn(IMPORT_FORMATS as unknown as string[]) format?: ImportFormat;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
}

@ObjectType({ description: 'One problem of one row of an imported file' })
export class ImportRowIssueType {
  @Field(() => Int, { description: 'Line (CSV) or record number (JSON), 1-based' }) line: number;
  @Field({ description: 'e.g. location.regency, organization.email, service.needCategories' }) field: string;
  @Field({ description: 'The rule broken' }) rule: string;
  @Field(() => String, { nullable: true, description: 'The value as the file gave it' }) value: string | null;
}

@ObjectType({ description: 'A directory import (a dry run or an applied one) with its counts and row report' })
export class DirectoryImportType {
  @Field(() => ID) id: string;
  @Field(() => DirectoryImportStatus) status: DirectoryImportStatus;
  @Field({ description: 'hsds-json, hsds-csv or csv' }) format: string;
  @Field() dryRun: boolean;
  @Field(() => String, { nullable: true }) fileName: string | null;
  @Field(() => Int) rowsRead: number;
  @Field(() => Int, { description: 'Rows whose service was (or, in a dry run, would be) created' }) created: number;
  @Field(() => Int) updated: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int) rejected: number;
  @Field(() => Int, { description: 'Problems found (the report keeps the first 10,000)' }) issueCount: number;
  @Field(() => [ImportRowIssueType], { description: 'The row report, in file order: use issuesFirst/issuesOffset to page' }) issues: ImportRowIssueType[];
  @Field(() => String, { nullable: true, description: 'Why the import failed as a whole (not a JSON file, no organisation column)' }) error: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ArgsType()
export class DirectoryImportArgs {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int, { nullable: true, defaultValue: 100, description: 'Issues to return, at most 1000' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1000) issuesFirst?: number;
  @Field(() => Int, { nullable: true, defaultValue: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) issuesOffset?: number;
}

@ObjectType({ description: 'An imported service waiting for a coordinator to classify it (an inactive draft)' })
export class UnclassifiedServiceType {
  @Field(() => ID) id: string;
  @Field(() => ID) organizationId: string;
  @Field() organizationName: string;
  @Field() name: string;
  @Field() status: string;
  @Field(() => [String]) needCategories: string[];
  @Field(() => [String]) serviceTypes: string[];
  @Field(() => [String], { description: 'Labels in the file that matched no PMKS category or service type' }) unmappedLabels: string[];
  @Field() regionCode: string;
  @Field() createdAt: Date;
}

@ObjectType()
export class UnclassifiedServiceConnection extends Connection(UnclassifiedServiceType, 'UnclassifiedService') {}

@ArgsType()
export class UnclassifiedServicesArgs extends PageArgs {}
