import { Module } from '@nestjs/common';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryReadsService } from './directory-reads.service';
import { LocationFieldsResolver, OrganizationFieldsResolver, ServiceFieldsResolver } from './directory-fields.resolver';
import { DirectoryResolver } from './directory.resolver';
import { LocationEntity, ScheduleEntity, ServiceAtLocationEntity } from './location.entity';
import { LocationsService } from './locations.service';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsService } from './organizations.service';
import { ServiceRecordsService } from './service-records.service';
import { ServiceEntity } from './service.entity';

@Module({
  imports: [TaxonomyModule, TypeOrmModule.forFeature([OrganizationEntity, ServiceEntity, LocationEntity, ServiceAtLocationEntity, ScheduleEntity])],
  providers: [
    OrganizationsService, ServiceRecordsService, LocationsService, DirectoryReadsService,
    DirectoryResolver, ServiceFieldsResolver, OrganizationFieldsResolver, LocationFieldsResolver,
  ],
  exports: [OrganizationsService, DirectoryReadsService],
})
export class DirectoryModule {}
