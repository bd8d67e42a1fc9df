/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  subscription LiveNotifications {\n    myNotifications { id title }\n  }\n": typeof types.LiveNotificationsDocument,
    "\n  query CaseWorkspace($id: ID!) {\n    case(id: $id) {\n      id stage priority openedAt version clientId\n      client { id fullName age sex regionCode }\n      assessments { id instrument instrumentVersion baseline takenAt total items { code score } }\n      needs { id category serviceTypes severity status description lastMatchResultCount }\n      goals { id description evaluationCriteria targetDate term status attainment }\n      consents { id categories recipientOrganizationIds method purpose givenAt withdrawnAt referralId }\n      notes { id body createdAt }\n      events { id type at fromState toState reason code }\n      referrals {\n        id status attempt acceptBy appointmentAt service { id name } toOrganization { id name }\n        events { id at fromStatus toStatus actorKind reason }\n      }\n    }\n    needCategories { code nameId nameEn defaultServiceTypes }\n    serviceTypes { code nameId nameEn }\n  }\n": typeof types.CaseWorkspaceDocument,
    "\n  subscription CaseReferralUpdates($caseId: ID) {\n    referralUpdated(caseId: $caseId) { id status }\n  }\n": typeof types.CaseReferralUpdatesDocument,
    "\n  query OrganizationOptions($search: String) {\n    organizations(search: $search, first: 50) { edges { node { id name } } }\n  }\n": typeof types.OrganizationOptionsDocument,
    "mutation SetCaseStage($input: SetCaseStageInput!) { setCaseStage(input: $input) { id stage version } }": typeof types.SetCaseStageDocument,
    "mutation RecordAssessment($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id } }": typeof types.RecordAssessmentDocument,
    "mutation AddNeed($input: AddNeedInput!) { addNeed(input: $input) { id } }": typeof types.AddNeedDocument,
    "mutation SetGoals($input: SetGoalsInput!) { setGoals(input: $input) { id } }": typeof types.SetGoalsDocument,
    "mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }": typeof types.RecordConsentDocument,
    "mutation WithdrawConsent($id: ID!) { withdrawConsent(consentId: $id) { id withdrawnAt } }": typeof types.WithdrawConsentDocument,
    "mutation AddCaseNote($caseId: ID!, $body: String!) { addCaseNote(caseId: $caseId, body: $body) { id } }": typeof types.AddCaseNoteDocument,
    "\n  query ClientDetail($id: ID!) {\n    client(id: $id) { id fullName birthDate age sex regionCode phone nikMasked contactPreference safeContact }\n    cases(clientId: $id, first: 50) { edges { node { id stage openedAt priority } } }\n  }\n": typeof types.ClientDetailDocument,
    "\n  mutation OpenCase($input: OpenCaseInput!) { openCase(input: $input) { id } }\n": typeof types.OpenCaseDocument,
    "\n  query Clients($search: String) {\n    clients(search: $search, first: 50) {\n      totalCount\n      edges { node { id fullName birthDate sex regionCode nikMasked } }\n    }\n  }\n": typeof types.ClientsDocument,
    "\n  mutation RegisterClient($input: RegisterClientInput!) {\n    registerClient(input: $input) {\n      client { id }\n      possibleDuplicates { id fullName birthDate regionCode }\n    }\n  }\n": typeof types.RegisterClientDocument,
    "\n  query RegionSearch($search: String) {\n    regions(search: $search, level: VILLAGE, first: 20) { edges { node { code name } } }\n  }\n": typeof types.RegionSearchDocument,
    "\n  query MyFollowUps($filter: FollowUpFilter) {\n    followUps(filter: $filter, first: 100) {\n      totalCount\n      edges { node {\n        id kind dueAt caseId referralId contactTarget attempts question\n      } }\n    }\n  }\n": typeof types.MyFollowUpsDocument,
    "\n  query FollowUpContactPlans($caseId: ID!) {\n    followUps(filter: { caseId: $caseId, status: PENDING }, first: 50) {\n      edges { node { id contactPlan { advice allowed suggested } } }\n    }\n  }\n": typeof types.FollowUpContactPlansDocument,
    "\n  mutation RecordFollowUp($input: RecordFollowUpInput!) {\n    recordFollowUp(input: $input) { followUp { id status attempts } needReopened caseFlaggedUnreachable alternatives { id name } }\n  }\n": typeof types.RecordFollowUpDocument,
    "\n  query HomeCases($managerId: ID!, $after: String) {\n    cases(caseManagerId: $managerId, open: true, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id stage priority openedAt client { id fullName } } }\n    }\n  }\n": typeof types.HomeCasesDocument,
    "\n  query HomeWaiting {\n    referrals(statuses: [SENT], first: 50) {\n      edges { node { id acceptBy service { id name } toOrganization { id name } } }\n    }\n  }\n": typeof types.HomeWaitingDocument,
    "\n  query HomeDecisions {\n    referrals(statuses: [DECLINED, EXPIRED], first: 50) {\n      edges { node { id status declineReason service { id name } next { id } } }\n    }\n  }\n": typeof types.HomeDecisionsDocument,
    "\n  query HomeInbox {\n    referralInbox(statuses: [SENT], first: 20) {\n      totalCount\n      edges { node { id status acceptBy urgency service { id name } } }\n    }\n  }\n": typeof types.HomeInboxDocument,
    "\n  query HomeFollowUps($dueBefore: DateTime!) {\n    followUps(filter: { assignedToMe: true, status: PENDING, dueBefore: $dueBefore }, first: 50) {\n      edges { node { id kind dueAt caseId referralId contactTarget } }\n    }\n  }\n": typeof types.HomeFollowUpsDocument,
    "\n  query HomeNotifications {\n    notifications(unreadOnly: true, first: 20) {\n      totalCount\n      edges { node { id title body occurredAt referralId caseId } }\n    }\n  }\n": typeof types.HomeNotificationsDocument,
    "\n  mutation MarkNotificationsRead { markNotificationsRead(all: true) }\n": typeof types.MarkNotificationsReadDocument,
    "\n  query Inbox($statuses: [ReferralStatus!], $after: String) {\n    referralInbox(statuses: $statuses, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status urgency acceptBy sentAt viewedAt appointmentAt service { id name } } }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  subscription InboxUpdates { referralUpdated { id status } }\n": typeof types.InboxUpdatesDocument,
    "\n  query ReferralLinkPage($token: String!) {\n    referralLink(token: $token) {\n      id status urgency acceptBy appointmentAt declineReason note\n      service { id name }\n      fromOrganization { id name }\n      toOrganization { id name }\n      need { category categoryName serviceTypes serviceTypeNames severity description }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n      }\n    }\n  }\n": typeof types.ReferralLinkPageDocument,
    "\n  mutation AcceptReferralByLink($token: String!, $input: AcceptReferralByLinkInput!) {\n    acceptReferralByLink(token: $token, input: $input) { id status appointmentAt }\n  }\n": typeof types.AcceptReferralByLinkDocument,
    "\n  mutation DeclineReferralByLink($token: String!, $input: DeclineReferralByLinkInput!) {\n    declineReferralByLink(token: $token, input: $input) { id status declineReason }\n  }\n": typeof types.DeclineReferralByLinkDocument,
    "\n  query MatchNeed($caseId: ID!, $needId: ID!) {\n    case(id: $caseId) {\n      id priority client { id fullName }\n      needs { id category serviceTypes severity }\n      consents { id categories recipientOrganizationIds withdrawnAt referralId }\n    }\n    matchServices(input: { needId: $needId, limit: 20 }) {\n      runId\n      candidates {\n        score distanceKm reasons\n        reasonDetails { code text }\n        location { id name }\n        service {\n          id name hasCapacity\n          capacity { available maximum waitlistOpen }\n          organization { id name }\n        }\n      }\n      excluded { reasons service { id name organization { id name } } }\n    }\n  }\n": typeof types.MatchNeedDocument,
    "\n  mutation CreateAndSendReferral($input: CreateReferralInput!) { createReferral(input: $input) { id status } }\n": typeof types.CreateAndSendReferralDocument,
    "\n  query ReferralDetail($id: ID!) {\n    referral(id: $id) {\n      id status version urgency attempt acceptBy sentAt viewedAt appointmentAt note overdue caseId\n      declineReason statusReason outcome fromOrganizationId\n      service { id name }\n      toOrganization { id name }\n      previous { id status service { id name } }\n      next { id status service { id name } }\n      suggestedNextServiceId\n      suggestedNext { score reasons service { id name organization { id name } } }\n      sharing { mode categories reason }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n        assessments { instrument baseline takenAt total }\n      }\n      events { id action actorKind at fromStatus toStatus reason }\n    }\n    followUps(filter: { referralId: $id, status: PENDING }, first: 20) {\n      edges { node { id kind contactTarget question dueAt } }\n    }\n  }\n": typeof types.ReferralDetailDocument,
    "\n  subscription ReferralChanged { referralUpdated { id status } }\n": typeof types.ReferralChangedDocument,
    "mutation ViewReferral($id: ID!) { viewReferral(id: $id) { id viewedAt } }": typeof types.ViewReferralDocument,
    "mutation AcceptReferral($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status version appointmentAt } }": typeof types.AcceptReferralDocument,
    "mutation DeclineReferral($input: DeclineReferralInput!) { declineReferral(input: $input) { id status version } }": typeof types.DeclineReferralDocument,
    "mutation StartReferral($input: TransitionReferralInput!) { startReferral(input: $input) { id status version } }": typeof types.StartReferralDocument,
    "mutation HoldReferral($input: TransitionReferralInput!) { holdReferral(input: $input) { id status version } }": typeof types.HoldReferralDocument,
    "mutation CompleteReferral($input: CompleteReferralInput!) { completeReferral(input: $input) { id status version } }": typeof types.CompleteReferralDocument,
    "mutation CancelReferral($input: TransitionReferralInput!) { cancelReferral(input: $input) { id status version } }": typeof types.CancelReferralDocument,
    "mutation RedirectReferral($input: RedirectReferralInput!) { redirectReferral(input: $input) { id } }": typeof types.RedirectReferralDocument,
    "mutation AnswerProviderCheck($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { followUp { id status } } }": typeof types.AnswerProviderCheckDocument,
    "\n  query MyServices($orgId: ID!) {\n    organization(id: $orgId) {\n      id name\n      services { id name status capacity { available maximum unit waitlistOpen updatedAt } }\n      locations { id name timeZone schedules { weekday opensAt closesAt } }\n    }\n  }\n": typeof types.MyServicesDocument,
    "\n  mutation UpdateServiceCapacity($input: UpdateCapacityInput!) {\n    updateServiceCapacity(input: $input) { id capacity { available maximum unit waitlistOpen updatedAt } }\n  }\n": typeof types.UpdateServiceCapacityDocument,
    "\n  mutation SetLocationSchedule($input: SetLocationScheduleInput!) {\n    setLocationSchedule(input: $input) { id schedules { weekday opensAt closesAt } }\n  }\n": typeof types.SetLocationScheduleDocument,
};
const documents: Documents = {
    "\n  subscription LiveNotifications {\n    myNotifications { id title }\n  }\n": types.LiveNotificationsDocument,
    "\n  query CaseWorkspace($id: ID!) {\n    case(id: $id) {\n      id stage priority openedAt version clientId\n      client { id fullName age sex regionCode }\n      assessments { id instrument instrumentVersion baseline takenAt total items { code score } }\n      needs { id category serviceTypes severity status description lastMatchResultCount }\n      goals { id description evaluationCriteria targetDate term status attainment }\n      consents { id categories recipientOrganizationIds method purpose givenAt withdrawnAt referralId }\n      notes { id body createdAt }\n      events { id type at fromState toState reason code }\n      referrals {\n        id status attempt acceptBy appointmentAt service { id name } toOrganization { id name }\n        events { id at fromStatus toStatus actorKind reason }\n      }\n    }\n    needCategories { code nameId nameEn defaultServiceTypes }\n    serviceTypes { code nameId nameEn }\n  }\n": types.CaseWorkspaceDocument,
    "\n  subscription CaseReferralUpdates($caseId: ID) {\n    referralUpdated(caseId: $caseId) { id status }\n  }\n": types.CaseReferralUpdatesDocument,
    "\n  query OrganizationOptions($search: String) {\n    organizations(search: $search, first: 50) { edges { node { id name } } }\n  }\n": types.OrganizationOptionsDocument,
    "mutation SetCaseStage($input: SetCaseStageInput!) { setCaseStage(input: $input) { id stage version } }": types.SetCaseStageDocument,
    "mutation RecordAssessment($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id } }": types.RecordAssessmentDocument,
    "mutation AddNeed($input: AddNeedInput!) { addNeed(input: $input) { id } }": types.AddNeedDocument,
    "mutation SetGoals($input: SetGoalsInput!) { setGoals(input: $input) { id } }": types.SetGoalsDocument,
    "mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }": types.RecordConsentDocument,
    "mutation WithdrawConsent($id: ID!) { withdrawConsent(consentId: $id) { id withdrawnAt } }": types.WithdrawConsentDocument,
    "mutation AddCaseNote($caseId: ID!, $body: String!) { addCaseNote(caseId: $caseId, body: $body) { id } }": types.AddCaseNoteDocument,
    "\n  query ClientDetail($id: ID!) {\n    client(id: $id) { id fullName birthDate age sex regionCode phone nikMasked contactPreference safeContact }\n    cases(clientId: $id, first: 50) { edges { node { id stage openedAt priority } } }\n  }\n": types.ClientDetailDocument,
    "\n  mutation OpenCase($input: OpenCaseInput!) { openCase(input: $input) { id } }\n": types.OpenCaseDocument,
    "\n  query Clients($search: String) {\n    clients(search: $search, first: 50) {\n      totalCount\n      edges { node { id fullName birthDate sex regionCode nikMasked } }\n    }\n  }\n": types.ClientsDocument,
    "\n  mutation RegisterClient($input: RegisterClientInput!) {\n    registerClient(input: $input) {\n      client { id }\n      possibleDuplicates { id fullName birthDate regionCode }\n    }\n  }\n": types.RegisterClientDocument,
    "\n  query RegionSearch($search: String) {\n    regions(search: $search, level: VILLAGE, first: 20) { edges { node { code name } } }\n  }\n": types.RegionSearchDocument,
    "\n  query MyFollowUps($filter: FollowUpFilter) {\n    followUps(filter: $filter, first: 100) {\n      totalCount\n      edges { node {\n        id kind dueAt caseId referralId contactTarget attempts question\n      } }\n    }\n  }\n": types.MyFollowUpsDocument,
    "\n  query FollowUpContactPlans($caseId: ID!) {\n    followUps(filter: { caseId: $caseId, status: PENDING }, first: 50) {\n      edges { node { id contactPlan { advice allowed suggested } } }\n    }\n  }\n": types.FollowUpContactPlansDocument,
    "\n  mutation RecordFollowUp($input: RecordFollowUpInput!) {\n    recordFollowUp(input: $input) { followUp { id status attempts } needReopened caseFlaggedUnreachable alternatives { id name } }\n  }\n": types.RecordFollowUpDocument,
    "\n  query HomeCases($managerId: ID!, $after: String) {\n    cases(caseManagerId: $managerId, open: true, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id stage priority openedAt client { id fullName } } }\n    }\n  }\n": types.HomeCasesDocument,
    "\n  query HomeWaiting {\n    referrals(statuses: [SENT], first: 50) {\n      edges { node { id acceptBy service { id name } toOrganization { id name } } }\n    }\n  }\n": types.HomeWaitingDocument,
    "\n  query HomeDecisions {\n    referrals(statuses: [DECLINED, EXPIRED], first: 50) {\n      edges { node { id status declineReason service { id name } next { id } } }\n    }\n  }\n": types.HomeDecisionsDocument,
    "\n  query HomeInbox {\n    referralInbox(statuses: [SENT], first: 20) {\n      totalCount\n      edges { node { id status acceptBy urgency service { id name } } }\n    }\n  }\n": types.HomeInboxDocument,
    "\n  query HomeFollowUps($dueBefore: DateTime!) {\n    followUps(filter: { assignedToMe: true, status: PENDING, dueBefore: $dueBefore }, first: 50) {\n      edges { node { id kind dueAt caseId referralId contactTarget } }\n    }\n  }\n": types.HomeFollowUpsDocument,
    "\n  query HomeNotifications {\n    notifications(unreadOnly: true, first: 20) {\n      totalCount\n      edges { node { id title body occurredAt referralId caseId } }\n    }\n  }\n": types.HomeNotificationsDocument,
    "\n  mutation MarkNotificationsRead { markNotificationsRead(all: true) }\n": types.MarkNotificationsReadDocument,
    "\n  query Inbox($statuses: [ReferralStatus!], $after: String) {\n    referralInbox(statuses: $statuses, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status urgency acceptBy sentAt viewedAt appointmentAt service { id name } } }\n    }\n  }\n": types.InboxDocument,
    "\n  subscription InboxUpdates { referralUpdated { id status } }\n": types.InboxUpdatesDocument,
    "\n  query ReferralLinkPage($token: String!) {\n    referralLink(token: $token) {\n      id status urgency acceptBy appointmentAt declineReason note\n      service { id name }\n      fromOrganization { id name }\n      toOrganization { id name }\n      need { category categoryName serviceTypes serviceTypeNames severity description }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n      }\n    }\n  }\n": types.ReferralLinkPageDocument,
    "\n  mutation AcceptReferralByLink($token: String!, $input: AcceptReferralByLinkInput!) {\n    acceptReferralByLink(token: $token, input: $input) { id status appointmentAt }\n  }\n": types.AcceptReferralByLinkDocument,
    "\n  mutation DeclineReferralByLink($token: String!, $input: DeclineReferralByLinkInput!) {\n    declineReferralByLink(token: $token, input: $input) { id status declineReason }\n  }\n": types.DeclineReferralByLinkDocument,
    "\n  query MatchNeed($caseId: ID!, $needId: ID!) {\n    case(id: $caseId) {\n      id priority client { id fullName }\n      needs { id category serviceTypes severity }\n      consents { id categories recipientOrganizationIds withdrawnAt referralId }\n    }\n    matchServices(input: { needId: $needId, limit: 20 }) {\n      runId\n      candidates {\n        score distanceKm reasons\n        reasonDetails { code text }\n        location { id name }\n        service {\n          id name hasCapacity\n          capacity { available maximum waitlistOpen }\n          organization { id name }\n        }\n      }\n      excluded { reasons service { id name organization { id name } } }\n    }\n  }\n": types.MatchNeedDocument,
    "\n  mutation CreateAndSendReferral($input: CreateReferralInput!) { createReferral(input: $input) { id status } }\n": types.CreateAndSendReferralDocument,
    "\n  query ReferralDetail($id: ID!) {\n    referral(id: $id) {\n      id status version urgency attempt acceptBy sentAt viewedAt appointmentAt note overdue caseId\n      declineReason statusReason outcome fromOrganizationId\n      service { id name }\n      toOrganization { id name }\n      previous { id status service { id name } }\n      next { id status service { id name } }\n      suggestedNextServiceId\n      suggestedNext { score reasons service { id name organization { id name } } }\n      sharing { mode categories reason }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n        assessments { instrument baseline takenAt total }\n      }\n      events { id action actorKind at fromStatus toStatus reason }\n    }\n    followUps(filter: { referralId: $id, status: PENDING }, first: 20) {\n      edges { node { id kind contactTarget question dueAt } }\n    }\n  }\n": types.ReferralDetailDocument,
    "\n  subscription ReferralChanged { referralUpdated { id status } }\n": types.ReferralChangedDocument,
    "mutation ViewReferral($id: ID!) { viewReferral(id: $id) { id viewedAt } }": types.ViewReferralDocument,
    "mutation AcceptReferral($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status version appointmentAt } }": types.AcceptReferralDocument,
    "mutation DeclineReferral($input: DeclineReferralInput!) { declineReferral(input: $input) { id status version } }": types.DeclineReferralDocument,
    "mutation StartReferral($input: TransitionReferralInput!) { startReferral(input: $input) { id status version } }": types.StartReferralDocument,
    "mutation HoldReferral($input: TransitionReferralInput!) { holdReferral(input: $input) { id status version } }": types.HoldReferralDocument,
    "mutation CompleteReferral($input: CompleteReferralInput!) { completeReferral(input: $input) { id status version } }": types.CompleteReferralDocument,
    "mutation CancelReferral($input: TransitionReferralInput!) { cancelReferral(input: $input) { id status version } }": types.CancelReferralDocument,
    "mutation RedirectReferral($input: RedirectReferralInput!) { redirectReferral(input: $input) { id } }": types.RedirectReferralDocument,
    "mutation AnswerProviderCheck($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { followUp { id status } } }": types.AnswerProviderCheckDocument,
    "\n  query MyServices($orgId: ID!) {\n    organization(id: $orgId) {\n      id name\n      services { id name status capacity { available maximum unit waitlistOpen updatedAt } }\n      locations { id name timeZone schedules { weekday opensAt closesAt } }\n    }\n  }\n": types.MyServicesDocument,
    "\n  mutation UpdateServiceCapacity($input: UpdateCapacityInput!) {\n    updateServiceCapacity(input: $input) { id capacity { available maximum unit waitlistOpen updatedAt } }\n  }\n": types.UpdateServiceCapacityDocument,
    "\n  mutation SetLocationSchedule($input: SetLocationScheduleInput!) {\n    setLocationSchedule(input: $input) { id schedules { weekday opensAt closesAt } }\n  }\n": types.SetLocationScheduleDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveNotifications {\n    myNotifications { id title }\n  }\n"): (typeof documents)["\n  subscription LiveNotifications {\n    myNotifications { id title }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseWorkspace($id: ID!) {\n    case(id: $id) {\n      id stage priority openedAt version clientId\n      client { id fullName age sex regionCode }\n      assessments { id instrument instrumentVersion baseline takenAt total items { code score } }\n      needs { id category serviceTypes severity status description lastMatchResultCount }\n      goals { id description evaluationCriteria targetDate term status attainment }\n      consents { id categories recipientOrganizationIds method purpose givenAt withdrawnAt referralId }\n      notes { id body createdAt }\n      events { id type at fromState toState reason code }\n      referrals {\n        id status attempt acceptBy appointmentAt service { id name } toOrganization { id name }\n        events { id at fromStatus toStatus actorKind reason }\n      }\n    }\n    needCategories { code nameId nameEn defaultServiceTypes }\n    serviceTypes { code nameId nameEn }\n  }\n"): (typeof documents)["\n  query CaseWorkspace($id: ID!) {\n    case(id: $id) {\n      id stage priority openedAt version clientId\n      client { id fullName age sex regionCode }\n      assessments { id instrument instrumentVersion baseline takenAt total items { code score } }\n      needs { id category serviceTypes severity status description lastMatchResultCount }\n      goals { id description evaluationCriteria targetDate term status attainment }\n      consents { id categories recipientOrganizationIds method purpose givenAt withdrawnAt referralId }\n      notes { id body createdAt }\n      events { id type at fromState toState reason code }\n      referrals {\n        id status attempt acceptBy appointmentAt service { id name } toOrganization { id name }\n        events { id at fromStatus toStatus actorKind reason }\n      }\n    }\n    needCategories { code nameId nameEn defaultServiceTypes }\n    serviceTypes { code nameId nameEn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CaseReferralUpdates($caseId: ID) {\n    referralUpdated(caseId: $caseId) { id status }\n  }\n"): (typeof documents)["\n  subscription CaseReferralUpdates($caseId: ID) {\n    referralUpdated(caseId: $caseId) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationOptions($search: String) {\n    organizations(search: $search, first: 50) { edges { node { id name } } }\n  }\n"): (typeof documents)["\n  query OrganizationOptions($search: String) {\n    organizations(search: $search, first: 50) { edges { node { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetCaseStage($input: SetCaseStageInput!) { setCaseStage(input: $input) { id stage version } }"): (typeof documents)["mutation SetCaseStage($input: SetCaseStageInput!) { setCaseStage(input: $input) { id stage version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordAssessment($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id } }"): (typeof documents)["mutation RecordAssessment($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddNeed($input: AddNeedInput!) { addNeed(input: $input) { id } }"): (typeof documents)["mutation AddNeed($input: AddNeedInput!) { addNeed(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetGoals($input: SetGoalsInput!) { setGoals(input: $input) { id } }"): (typeof documents)["mutation SetGoals($input: SetGoalsInput!) { setGoals(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }"): (typeof documents)["mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation WithdrawConsent($id: ID!) { withdrawConsent(consentId: $id) { id withdrawnAt } }"): (typeof documents)["mutation WithdrawConsent($id: ID!) { withdrawConsent(consentId: $id) { id withdrawnAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddCaseNote($caseId: ID!, $body: String!) { addCaseNote(caseId: $caseId, body: $body) { id } }"): (typeof documents)["mutation AddCaseNote($caseId: ID!, $body: String!) { addCaseNote(caseId: $caseId, body: $body) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientDetail($id: ID!) {\n    client(id: $id) { id fullName birthDate age sex regionCode phone nikMasked contactPreference safeContact }\n    cases(clientId: $id, first: 50) { edges { node { id stage openedAt priority } } }\n  }\n"): (typeof documents)["\n  query ClientDetail($id: ID!) {\n    client(id: $id) { id fullName birthDate age sex regionCode phone nikMasked contactPreference safeContact }\n    cases(clientId: $id, first: 50) { edges { node { id stage openedAt priority } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenCase($input: OpenCaseInput!) { openCase(input: $input) { id } }\n"): (typeof documents)["\n  mutation OpenCase($input: OpenCaseInput!) { openCase(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Clients($search: String) {\n    clients(search: $search, first: 50) {\n      totalCount\n      edges { node { id fullName birthDate sex regionCode nikMasked } }\n    }\n  }\n"): (typeof documents)["\n  query Clients($search: String) {\n    clients(search: $search, first: 50) {\n      totalCount\n      edges { node { id fullName birthDate sex regionCode nikMasked } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterClient($input: RegisterClientInput!) {\n    registerClient(input: $input) {\n      client { id }\n      possibleDuplicates { id fullName birthDate regionCode }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterClient($input: RegisterClientInput!) {\n    registerClient(input: $input) {\n      client { id }\n      possibleDuplicates { id fullName birthDate regionCode }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegionSearch($search: String) {\n    regions(search: $search, level: VILLAGE, first: 20) { edges { node { code name } } }\n  }\n"): (typeof documents)["\n  query RegionSearch($search: String) {\n    regions(search: $search, level: VILLAGE, first: 20) { edges { node { code name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyFollowUps($filter: FollowUpFilter) {\n    followUps(filter: $filter, first: 100) {\n      totalCount\n      edges { node {\n        id kind dueAt caseId referralId contactTarget attempts question\n      } }\n    }\n  }\n"): (typeof documents)["\n  query MyFollowUps($filter: FollowUpFilter) {\n    followUps(filter: $filter, first: 100) {\n      totalCount\n      edges { node {\n        id kind dueAt caseId referralId contactTarget attempts question\n      } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FollowUpContactPlans($caseId: ID!) {\n    followUps(filter: { caseId: $caseId, status: PENDING }, first: 50) {\n      edges { node { id contactPlan { advice allowed suggested } } }\n    }\n  }\n"): (typeof documents)["\n  query FollowUpContactPlans($caseId: ID!) {\n    followUps(filter: { caseId: $caseId, status: PENDING }, first: 50) {\n      edges { node { id contactPlan { advice allowed suggested } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordFollowUp($input: RecordFollowUpInput!) {\n    recordFollowUp(input: $input) { followUp { id status attempts } needReopened caseFlaggedUnreachable alternatives { id name } }\n  }\n"): (typeof documents)["\n  mutation RecordFollowUp($input: RecordFollowUpInput!) {\n    recordFollowUp(input: $input) { followUp { id status attempts } needReopened caseFlaggedUnreachable alternatives { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeCases($managerId: ID!, $after: String) {\n    cases(caseManagerId: $managerId, open: true, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id stage priority openedAt client { id fullName } } }\n    }\n  }\n"): (typeof documents)["\n  query HomeCases($managerId: ID!, $after: String) {\n    cases(caseManagerId: $managerId, open: true, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id stage priority openedAt client { id fullName } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeWaiting {\n    referrals(statuses: [SENT], first: 50) {\n      edges { node { id acceptBy service { id name } toOrganization { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query HomeWaiting {\n    referrals(statuses: [SENT], first: 50) {\n      edges { node { id acceptBy service { id name } toOrganization { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeDecisions {\n    referrals(statuses: [DECLINED, EXPIRED], first: 50) {\n      edges { node { id status declineReason service { id name } next { id } } }\n    }\n  }\n"): (typeof documents)["\n  query HomeDecisions {\n    referrals(statuses: [DECLINED, EXPIRED], first: 50) {\n      edges { node { id status declineReason service { id name } next { id } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeInbox {\n    referralInbox(statuses: [SENT], first: 20) {\n      totalCount\n      edges { node { id status acceptBy urgency service { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query HomeInbox {\n    referralInbox(statuses: [SENT], first: 20) {\n      totalCount\n      edges { node { id status acceptBy urgency service { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeFollowUps($dueBefore: DateTime!) {\n    followUps(filter: { assignedToMe: true, status: PENDING, dueBefore: $dueBefore }, first: 50) {\n      edges { node { id kind dueAt caseId referralId contactTarget } }\n    }\n  }\n"): (typeof documents)["\n  query HomeFollowUps($dueBefore: DateTime!) {\n    followUps(filter: { assignedToMe: true, status: PENDING, dueBefore: $dueBefore }, first: 50) {\n      edges { node { id kind dueAt caseId referralId contactTarget } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeNotifications {\n    notifications(unreadOnly: true, first: 20) {\n      totalCount\n      edges { node { id title body occurredAt referralId caseId } }\n    }\n  }\n"): (typeof documents)["\n  query HomeNotifications {\n    notifications(unreadOnly: true, first: 20) {\n      totalCount\n      edges { node { id title body occurredAt referralId caseId } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead { markNotificationsRead(all: true) }\n"): (typeof documents)["\n  mutation MarkNotificationsRead { markNotificationsRead(all: true) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($statuses: [ReferralStatus!], $after: String) {\n    referralInbox(statuses: $statuses, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status urgency acceptBy sentAt viewedAt appointmentAt service { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query Inbox($statuses: [ReferralStatus!], $after: String) {\n    referralInbox(statuses: $statuses, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status urgency acceptBy sentAt viewedAt appointmentAt service { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InboxUpdates { referralUpdated { id status } }\n"): (typeof documents)["\n  subscription InboxUpdates { referralUpdated { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferralLinkPage($token: String!) {\n    referralLink(token: $token) {\n      id status urgency acceptBy appointmentAt declineReason note\n      service { id name }\n      fromOrganization { id name }\n      toOrganization { id name }\n      need { category categoryName serviceTypes serviceTypeNames severity description }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReferralLinkPage($token: String!) {\n    referralLink(token: $token) {\n      id status urgency acceptBy appointmentAt declineReason note\n      service { id name }\n      fromOrganization { id name }\n      toOrganization { id name }\n      need { category categoryName serviceTypes serviceTypeNames severity description }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptReferralByLink($token: String!, $input: AcceptReferralByLinkInput!) {\n    acceptReferralByLink(token: $token, input: $input) { id status appointmentAt }\n  }\n"): (typeof documents)["\n  mutation AcceptReferralByLink($token: String!, $input: AcceptReferralByLinkInput!) {\n    acceptReferralByLink(token: $token, input: $input) { id status appointmentAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineReferralByLink($token: String!, $input: DeclineReferralByLinkInput!) {\n    declineReferralByLink(token: $token, input: $input) { id status declineReason }\n  }\n"): (typeof documents)["\n  mutation DeclineReferralByLink($token: String!, $input: DeclineReferralByLinkInput!) {\n    declineReferralByLink(token: $token, input: $input) { id status declineReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MatchNeed($caseId: ID!, $needId: ID!) {\n    case(id: $caseId) {\n      id priority client { id fullName }\n      needs { id category serviceTypes severity }\n      consents { id categories recipientOrganizationIds withdrawnAt referralId }\n    }\n    matchServices(input: { needId: $needId, limit: 20 }) {\n      runId\n      candidates {\n        score distanceKm reasons\n        reasonDetails { code text }\n        location { id name }\n        service {\n          id name hasCapacity\n          capacity { available maximum waitlistOpen }\n          organization { id name }\n        }\n      }\n      excluded { reasons service { id name organization { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query MatchNeed($caseId: ID!, $needId: ID!) {\n    case(id: $caseId) {\n      id priority client { id fullName }\n      needs { id category serviceTypes severity }\n      consents { id categories recipientOrganizationIds withdrawnAt referralId }\n    }\n    matchServices(input: { needId: $needId, limit: 20 }) {\n      runId\n      candidates {\n        score distanceKm reasons\n        reasonDetails { code text }\n        location { id name }\n        service {\n          id name hasCapacity\n          capacity { available maximum waitlistOpen }\n          organization { id name }\n        }\n      }\n      excluded { reasons service { id name organization { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAndSendReferral($input: CreateReferralInput!) { createReferral(input: $input) { id status } }\n"): (typeof documents)["\n  mutation CreateAndSendReferral($input: CreateReferralInput!) { createReferral(input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferralDetail($id: ID!) {\n    referral(id: $id) {\n      id status version urgency attempt acceptBy sentAt viewedAt appointmentAt note overdue caseId\n      declineReason statusReason outcome fromOrganizationId\n      service { id name }\n      toOrganization { id name }\n      previous { id status service { id name } }\n      next { id status service { id name } }\n      suggestedNextServiceId\n      suggestedNext { score reasons service { id name organization { id name } } }\n      sharing { mode categories reason }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n        assessments { instrument baseline takenAt total }\n      }\n      events { id action actorKind at fromStatus toStatus reason }\n    }\n    followUps(filter: { referralId: $id, status: PENDING }, first: 20) {\n      edges { node { id kind contactTarget question dueAt } }\n    }\n  }\n"): (typeof documents)["\n  query ReferralDetail($id: ID!) {\n    referral(id: $id) {\n      id status version urgency attempt acceptBy sentAt viewedAt appointmentAt note overdue caseId\n      declineReason statusReason outcome fromOrganizationId\n      service { id name }\n      toOrganization { id name }\n      previous { id status service { id name } }\n      next { id status service { id name } }\n      suggestedNextServiceId\n      suggestedNext { score reasons service { id name organization { id name } } }\n      sharing { mode categories reason }\n      client {\n        sharedCategories fullName age sex birthDate phone addressLine regionCode contactPreference safeContact safeContactNote languages\n        need { category categoryName description severity }\n        assessments { instrument baseline takenAt total }\n      }\n      events { id action actorKind at fromStatus toStatus reason }\n    }\n    followUps(filter: { referralId: $id, status: PENDING }, first: 20) {\n      edges { node { id kind contactTarget question dueAt } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReferralChanged { referralUpdated { id status } }\n"): (typeof documents)["\n  subscription ReferralChanged { referralUpdated { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ViewReferral($id: ID!) { viewReferral(id: $id) { id viewedAt } }"): (typeof documents)["mutation ViewReferral($id: ID!) { viewReferral(id: $id) { id viewedAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptReferral($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status version appointmentAt } }"): (typeof documents)["mutation AcceptReferral($input: AcceptReferralInput!) { acceptReferral(input: $input) { id status version appointmentAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeclineReferral($input: DeclineReferralInput!) { declineReferral(input: $input) { id status version } }"): (typeof documents)["mutation DeclineReferral($input: DeclineReferralInput!) { declineReferral(input: $input) { id status version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartReferral($input: TransitionReferralInput!) { startReferral(input: $input) { id status version } }"): (typeof documents)["mutation StartReferral($input: TransitionReferralInput!) { startReferral(input: $input) { id status version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation HoldReferral($input: TransitionReferralInput!) { holdReferral(input: $input) { id status version } }"): (typeof documents)["mutation HoldReferral($input: TransitionReferralInput!) { holdReferral(input: $input) { id status version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CompleteReferral($input: CompleteReferralInput!) { completeReferral(input: $input) { id status version } }"): (typeof documents)["mutation CompleteReferral($input: CompleteReferralInput!) { completeReferral(input: $input) { id status version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelReferral($input: TransitionReferralInput!) { cancelReferral(input: $input) { id status version } }"): (typeof documents)["mutation CancelReferral($input: TransitionReferralInput!) { cancelReferral(input: $input) { id status version } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RedirectReferral($input: RedirectReferralInput!) { redirectReferral(input: $input) { id } }"): (typeof documents)["mutation RedirectReferral($input: RedirectReferralInput!) { redirectReferral(input: $input) { id } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AnswerProviderCheck($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { followUp { id status } } }"): (typeof documents)["mutation AnswerProviderCheck($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { followUp { id status } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyServices($orgId: ID!) {\n    organization(id: $orgId) {\n      id name\n      services { id name status capacity { available maximum unit waitlistOpen updatedAt } }\n      locations { id name timeZone schedules { weekday opensAt closesAt } }\n    }\n  }\n"): (typeof documents)["\n  query MyServices($orgId: ID!) {\n    organization(id: $orgId) {\n      id name\n      services { id name status capacity { available maximum unit waitlistOpen updatedAt } }\n      locations { id name timeZone schedules { weekday opensAt closesAt } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateServiceCapacity($input: UpdateCapacityInput!) {\n    updateServiceCapacity(input: $input) { id capacity { available maximum unit waitlistOpen updatedAt } }\n  }\n"): (typeof documents)["\n  mutation UpdateServiceCapacity($input: UpdateCapacityInput!) {\n    updateServiceCapacity(input: $input) { id capacity { available maximum unit waitlistOpen updatedAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLocationSchedule($input: SetLocationScheduleInput!) {\n    setLocationSchedule(input: $input) { id schedules { weekday opensAt closesAt } }\n  }\n"): (typeof documents)["\n  mutation SetLocationSchedule($input: SetLocationScheduleInput!) {\n    setLocationSchedule(input: $input) { id schedules { weekday opensAt closesAt } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;