import { canSeeConfidentialLocation } from '../identity/policies';
import type { Viewer } from '../common/viewer';
import { regencyOf } from '../taxonomy/region-code';
import { LocationType, OrganizationType, ScheduleType, ServiceType, sexFromCode } from './directory.types';
import type { LocationEntity, ScheduleEntity } from './location.entity';
import type { OrganizationEntity } from './organization.entity';
import type { ServiceEntity } from './service.entity';

export function toOrganizationType(o: OrganizationEntity): OrganizationType {
  return {
    id: o.id, name: o.name, partnerKind: o.partnerKind, description: o.description, website: o.website,
    email: o.email, phones: o.phones ?? [], legalStatus: o.legalStatus, identifiers: o.identifiers ?? [],
    regionCode: o.regionCode, referralContact: o.referralContact, active: o.active,
    createdAt: o.createdAt, updatedAt: o.updatedAt, version: o.version,
  };
}

export function toServiceType(s: ServiceEntity, distanceKm: number | null = null): ServiceType {
  return {
    id: s.id, organizationId: s.organizationId, name: s.name, description: s.description,
    needCategories: s.needCategories, serviceTypes: s.serviceTypes, minimumAge: s.minimumAge, maximumAge: s.maximumAge,
    sex: sexFromCode(s.sex), requiredDocuments: s.requiredDocuments, free: s.free, costDescription: s.costDescription,
    languages: s.languages, areaCodes: s.areaCodes, status: s.status, acceptsReferrals: s.acceptsReferrals,
    acceptanceDeadline: {
      emergencyMinutes: s.deadlineEmergencyMinutes, urgentMinutes: s.deadlineUrgentMinutes, routineMinutes: s.deadlineRoutineMinutes,
    },
    capacity: {
      available: s.capacityAvailable, maximum: s.capacityMaximum, unit: s.capacityUnit, updatedAt: s.capacityUpdatedAt,
      waitlistOpen: s.capacityWaitlist ?? false,
    },
    verifiedAt: s.verifiedAt, verifiedBy: s.verifiedBy, staleSince: s.staleSince,
    distanceKm: distanceKm === null ? null : Math.round(distanceKm * 100) / 100,
    hasCapacity: s.capacityAvailable === null || s.capacityAvailable > 0,
    createdAt: s.createdAt, updatedAt: s.updatedAt, version: s.version,
  };
}

/** A confidential location shows only its name and regency to those who may not see where it is. */
export function toLocationType(l: LocationEntity, viewer: Viewer | null): LocationType {
  const hidden = l.confidential && !canSeeConfidentialLocation(viewer, l);
  return {
    id: l.id, organizationId: l.organizationId, name: l.name, description: hidden ? null : l.description,
    addressLine: hidden ? null : l.addressLine, postalCode: hidden ? null : l.postalCode,
    regionCode: hidden ? (regencyOf(l.regionCode) ?? l.regionCode) : l.regionCode,
    latitude: hidden ? null : l.latitude, longitude: hidden ? null : l.longitude,
    timeZone: l.timeZone, accessibility: l.accessibility, confidential: l.confidential, addressHidden: hidden,
  };
}

export function toScheduleType(s: ScheduleEntity): ScheduleType {
  return { weekday: s.weekday, opensAt: s.opensAt.slice(0, 5), closesAt: s.closesAt.slice(0, 5) };
}
