import { Module } from '@nestjs/common';
import { CaseAccessService } from './case-access.service';

/** The cases feature's door for other features (referrals, follow-ups): see CaseAccessService. */
@Module({ providers: [CaseAccessService], exports: [CaseAccessService] })
export class CaseAccessModule {}
