import type { Locale } from '../common/locale';
import type { Criterion, Reason } from './scoring';

/** The language reasons are written in (src/common/locale.ts: Indonesian by default). */
export type Lang = Locale;

const CRITERION_TEXT: Record<Criterion, Record<Lang, string>> = {
  CATEGORY_NOT_SERVED: { en: 'does not serve this need category', id: 'tidak melayani kategori kebutuhan ini' },
  OUTSIDE_SERVICE_AREA: { en: "the client's place is outside its service area", id: 'tempat klien di luar wilayah layanan' },
  BELOW_MINIMUM_AGE: { en: 'the client is younger than its minimum age', id: 'klien lebih muda dari usia minimum' },
  ABOVE_MAXIMUM_AGE: { en: 'the client is older than its maximum age', id: 'klien lebih tua dari usia maksimum' },
  SEX_NOT_SERVED: { en: "does not serve the client's sex", id: 'tidak melayani jenis kelamin klien' },
  SERVICE_TYPE_NOT_OFFERED: { en: 'does not offer the requested service type', id: 'tidak menyediakan jenis layanan yang diminta' },
  NOT_ACTIVE: { en: 'is not active', id: 'tidak aktif' },
  NOT_ACCEPTING_REFERRALS: { en: 'does not accept referrals', id: 'tidak menerima rujukan' },
};

/** A failed hard criterion in words, for the case manager (the code itself stays as it is). */
export function criterionLabel(criterion: Criterion, lang: Lang): string {
  return CRITERION_TEXT[criterion][lang];
}

/** The stable code of a reason: a failed criterion's own code, else the reason's. */
export const reasonCode = (r: Reason): string => (r.code === 'FAILED' ? r.criterion : r.code);

const num = (n: number, lang: Lang) => (lang === 'id' ? String(n).replace('.', ',') : String(n));

/** One reason in words, for the case manager. */
export function describeReason(r: Reason, lang: Lang, regionName: (code: string) => string = (c) => c): string {
  const id = lang === 'id';
  switch (r.code) {
    case 'COVERS_AREA':
      return r.exact
        ? id ? `Melayani ${regionName(r.via)}` : `Serves ${regionName(r.via)}`
        : id ? `Melayani wilayah klien melalui ${regionName(r.via)}` : `Covers the client's place through ${regionName(r.via)}`;
    case 'DISTANCE':
      return id ? `Jarak ${num(r.km, lang)} km` : `${num(r.km, lang)} km away`;
    case 'DISTANCE_UNKNOWN':
      return id ? 'Jarak tidak diketahui' : 'Distance unknown';
    case 'CAPACITY_AVAILABLE':
      return id ? `Tersedia ${r.available} tempat` : `${r.available} places available`;
    case 'CAPACITY_UNKNOWN':
      return id ? 'Kapasitas tidak dilaporkan' : 'Capacity not reported';
    case 'WAITLIST':
      return id ? 'Penuh, daftar tunggu dibuka' : 'Full, waiting list open';
    case 'FULL':
      return id ? 'Penuh' : 'Full';
    case 'ACCEPTANCE': {
      const pct = Math.round(r.rate * 100);
      const base = id ? `Menerima ${pct}% dari ${r.answered} rujukan` : `Accepted ${pct}% of ${r.answered} referrals`;
      if (r.medianHours === null) return base;
      return id ? `${base}, median ${num(r.medianHours, lang)} jam` : `${base}, median ${num(r.medianHours, lang)} h to accept`;
    }
    case 'NO_HISTORY':
      return id ? 'Belum ada riwayat rujukan' : 'No referral history yet';
    case 'LANGUAGE_MATCH':
      return id ? `Berbahasa ${r.languages.join(', ')}` : `Speaks ${r.languages.join(', ')}`;
    case 'LANGUAGE_MISMATCH':
      return id ? 'Tidak berbahasa yang sama dengan klien' : "Does not speak the client's languages";
    case 'FREE':
      return id ? 'Gratis' : 'Free of charge';
    case 'PAID':
      return id ? 'Berbayar' : 'Charges a fee';
    case 'DECLINED_BEFORE':
      return id ? 'Pernah menolak rujukan klien ini' : 'Declined this client before';
    case 'OPEN_NOW':
      return id ? 'Buka sekarang: kebutuhan darurat mendahulukannya' : 'Open now: ranked first for an emergency';
    case 'NOT_OPEN_NOW':
      return id ? 'Tidak tercatat buka sekarang: untuk kebutuhan darurat, layanan yang buka didahulukan' : 'Not known to be open now: an emergency ranks services open now first';
    case 'FAILED':
      return criterionLabel(r.criterion, lang);
    default: {
      const unhandled: never = r;
      throw new Error(`No text for reason ${JSON.stringify(unhandled)}`);
    }
  }
}
