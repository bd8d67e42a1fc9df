import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OrganizationsService } from '../directory/organizations.service';
import { canManageOrganizationWebhook } from '../identity/policies';
import type { Viewer } from '../common/viewer';
import { Notifier } from './notifier';
import { OrganizationWebhookSetup, OrganizationWebhookType } from './notifications.types';
import { SetOrganizationWebhookArgs } from './dto/notifications.inputs';
import { newWebhookSecret, webhookUrlProblem } from './webhook-signature';

const COLUMNS = `organization_id AS "organizationId", url, active, created_at AS "createdAt", updated_at AS "updatedAt",
  secret_rotated_at AS "secretRotatedAt"`;

/**
 * Per-organisation webhook configuration. The secret is generated here and returned only by the call
 * that created or rotated it. Saving an active webhook sends it a signed `webhook.ping`.
 */
@Injectable()
export class OrganizationWebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly orgs: OrganizationsService,
    private readonly notifier: Notifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(viewer: Viewer, organizationId: string): Promise<OrganizationWebhookType | null> {
    const org = await this.orgs.require(organizationId);
    if (!canManageOrganizationWebhook(viewer, org)) throw AppError.forbidden('You may not see this organisation\'s webhook');
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM organization_webhook WHERE organization_id = $1`, [organizationId]);
    return row ?? null;
  }

  async set(viewer: Viewer, args: SetOrganizationWebhookArgs): Promise<OrganizationWebhookSetup> {
    const org = await this.orgs.require(args.organizationId);
    if (!canManageOrganizationWebhook(viewer, org)) throw AppError.forbidden('You may not configure this organisation\'s webhook');
    const url = args.url.trim();
    const problem = webhookUrlProblem(url, this.config.notifications.webhookAllowHttp);
    if (problem) throw AppError.badInput('url', problem);

    return this.db.transaction(async (tx) => {
      const [existing] = await tx.query(`SELECT organization_id FROM organization_webhook WHERE organization_id = $1 FOR UPDATE`, [org.id]);
      const secret = !existing || args.rotateSecret ? newWebhookSecret() : null;
      const [webhook]: OrganizationWebhookType[] = await tx.query(
        `INSERT INTO organization_webhook (organization_id, url, secret, active)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id) DO UPDATE
            SET url = EXCLUDED.url, active = EXCLUDED.active, updated_at = now(),
                secret = CASE WHEN $5 THEN EXCLUDED.secret ELSE organization_webhook.secret END,
                secret_rotated_at = CASE WHEN $5 THEN now() ELSE organization_webhook.secret_rotated_at END
         RETURNING ${COLUMNS}`,
        [org.id, url, secret ?? newWebhookSecret(), args.active, secret !== null],
      );
      if (args.active) {
        await this.notifier.notify(tx, { recipient: { organizationId: org.id }, template: 'webhook.ping', data: {}, channels: ['WEBHOOK'] }, viewer);
      }
      return { webhook, secret };
    });
  }
}
