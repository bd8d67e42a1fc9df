import { Module } from '@nestjs/common';
import { DirectoryPublicationService } from './directory-publication.service';

/** The directory's door for publishing it (HSDS, FHIR): see DirectoryPublicationService. */
@Module({ providers: [DirectoryPublicationService], exports: [DirectoryPublicationService] })
export class DirectoryPublicationModule {}
