/**
 * NIK (Nomor Induk Kependudukan): 16 digits = province(2) regency(2) district(2) birth date DDMMYY (day + 40
 * for women) and a 4-digit serial. Validated by shape and by its embedded date; stored only encrypted, with a
 * keyed hash for duplicate detection (field-cipher.ts). Never logged, never returned to partners.
 */
export function nikProblem(nik: string): string | null {
  if (!/^\d{16}$/.test(nik)) return 'must be exactly 16 digits';
  const province = Number(nik.slice(0, 2));
  if (province < 11 || province > 99) return 'must start with a province code (11-99)';
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  if (day > 40) day -= 40;
  if (day < 1 || day > 31 || month < 1 || month > 12) return 'has an impossible birth date in digits 7-12';
  if (nik.slice(12) === '0000') return 'has serial 0000, which is never issued';
  return null;
}

/** Masks all but the last four digits, for the case manager's own view. */
export function maskNik(nik: string): string {
  return `${'*'.repeat(12)}${nik.slice(12)}`;
}
