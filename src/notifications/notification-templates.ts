/**
 * The messages Rujuk sends, as pure functions of ids and the public URL. No client data ever goes into a
 * message: a receiver follows the link (or calls the API with the ids) and sees what its rights allow.
 * Adding a notification = adding an entry here (and sending it with Notifier.notify).
 */
import type { DeliveryChannel, NotificationData } from '../jobs/notification-payloads';

interface TemplateDef {
  /** Data keys the message needs (ids). Notifier.notify refuses a message without them. */
  requires: readonly string[];
  /** Channels used unless the caller names others. SMS is opt-in per message (e.g. EMERGENCY referrals). */
  channels: readonly DeliveryChannel[];
  subject: string;
  /** The message in one sentence, without the link (what the app lists). */
  body: string;
  /** Body text; `link` is the page to open. */
  text: (link: string) => string;
  /** The path of the page to open, from the data. */
  path: (d: NotificationData) => string;
}

const referral = (subject: string, body: string): TemplateDef => ({
  requires: ['referralId'],
  channels: ['WEBHOOK', 'EMAIL'],
  subject,
  body,
  text: (link) => `${body}\n\nBuka di Rujuk: ${link}`,
  path: (d) => `/referrals/${d.referralId}`,
});

const followUp = (subject: string, body: string): TemplateDef => ({
  requires: ['followUpId'],
  channels: ['EMAIL'],
  subject,
  body,
  text: (link) => `${body}\n\nBuka di Rujuk: ${link}`,
  path: (d) => `/follow-ups/${d.followUpId}`,
});

export const TEMPLATES = {
  'webhook.ping': {
    requires: [],
    channels: ['WEBHOOK'],
    subject: 'Rujuk: webhook aktif',
    body: 'Webhook organisasi Anda sudah terpasang.',
    text: (link: string) => `Webhook organisasi Anda sudah terpasang. ${link}`,
    path: () => '/',
  },
  'referral.new': referral('Rujukan baru menunggu jawaban', 'Ada rujukan baru untuk layanan Anda. Mohon terima atau tolak sebelum batas waktu.'),
  'referral.reminder': referral('Pengingat: rujukan belum dijawab', 'Rujukan untuk layanan Anda belum dijawab dan akan kedaluwarsa pada batas waktunya.'),
  'referral.accepted': referral('Rujukan diterima', 'Mitra telah menerima rujukan Anda.'),
  'referral.declined': referral('Rujukan ditolak', 'Mitra menolak rujukan Anda. Lihat alasan dan alternatif berikutnya.'),
  'referral.expired': referral('Rujukan kedaluwarsa', 'Rujukan tidak dijawab sebelum batas waktu dan telah kedaluwarsa.'),
  'referral.rerouted': referral('Rujukan dialihkan', 'Rujukan telah dikirim ulang ke penyedia layanan berikutnya.'),
  'referral.next-suggested': referral('Alternatif rujukan tersedia', 'Ada penyedia layanan berikutnya yang dapat dipilih untuk kebutuhan ini.'),
  'referral.cancelled': referral('Rujukan dibatalkan', 'Pengelola kasus membatalkan rujukan ini.'),
  'referral.completed': referral('Rujukan selesai', 'Mitra menandai layanan untuk rujukan ini sebagai selesai.'),
  'referral.sent': referral('Rujukan terkirim', 'Rujukan Anda telah dikirim ke mitra dan menunggu jawaban.'),
  'referral.started': referral('Layanan rujukan dimulai', 'Mitra mulai memberikan layanan untuk rujukan Anda.'),
  'referral.on-hold': referral('Layanan rujukan ditunda', 'Mitra menunda layanan untuk rujukan Anda. Lihat alasannya.'),
  'referral.failed': referral('Layanan rujukan gagal', 'Mitra melaporkan bahwa layanan untuk rujukan Anda tidak dapat diberikan.'),
  /** One per case manager and scan batch, however many of their follow-ups fell due (`count`). */
  'followup.due': {
    requires: ['count'],
    channels: ['EMAIL'],
    subject: 'Tindak lanjut jatuh tempo',
    body: 'Tindak lanjut kasus Anda jatuh tempo. Lihat daftar tindak lanjut Anda.',
    text: (link: string) => `Tindak lanjut kasus Anda jatuh tempo. Lihat daftar tindak lanjut Anda.\n\nBuka di Rujuk: ${link}`,
    path: () => '/follow-ups?assignedToMe=true',
  },
  'followup.overdue': followUp('Tindak lanjut terlambat', 'Sebuah tindak lanjut melewati batas waktunya dan belum dikerjakan.'),
  'followup.provider-question': {
    ...followUp('Pertanyaan tindak lanjut rujukan', 'Apakah klien datang, dan apakah layanan sedang diterima? Mohon jawab di Rujuk.'),
    channels: ['WEBHOOK', 'EMAIL'],
  },
} as const satisfies Record<string, TemplateDef>;

export type NotificationTemplate = keyof typeof TEMPLATES;

export function isTemplate(name: string): name is NotificationTemplate {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, name);
}

/** Data keys a template needs that the data lacks (empty when complete). */
export function missingData(template: NotificationTemplate, data: NotificationData): string[] {
  return TEMPLATES[template].requires.filter((k) => typeof data[k] !== 'string' || data[k] === '');
}

export function defaultChannels(template: NotificationTemplate): DeliveryChannel[] {
  return [...TEMPLATES[template].channels];
}

/** What the app shows of a notification: its title and sentence (a template no longer known shows its name). */
export function notificationText(template: string): { title: string; body: string } {
  if (!isTemplate(template)) return { title: template, body: '' };
  const def: TemplateDef = TEMPLATES[template];
  return { title: def.subject, body: def.body };
}

export interface RenderedMessage {
  subject: string;
  text: string;
  /** One short line for SMS. */
  sms: string;
  link: string;
}

/** `path` replaces the template's page (a single-referral link, `/link/<token>`, for an organisation's e-mail and SMS). */
export function renderNotification(template: NotificationTemplate, data: NotificationData, publicUrl: string, path?: string): RenderedMessage {
  const def: TemplateDef = TEMPLATES[template];
  const link = `${publicUrl.replace(/\/+$/, '')}${path ?? def.path(data)}`;
  return { subject: def.subject, text: def.text(link), sms: `Rujuk: ${def.subject}. ${link}`, link };
}

/** The JSON body a webhook receives: ids and a link, never client data. */
export function webhookBody(input: {
  deliveryId: string;
  notificationId: string;
  template: string;
  organizationId: string;
  data: NotificationData;
  occurredAt: string;
  link: string;
}): string {
  return JSON.stringify({
    id: input.deliveryId,
    notificationId: input.notificationId,
    event: input.template,
    organizationId: input.organizationId,
    occurredAt: input.occurredAt,
    data: input.data,
    link: input.link,
  });
}
