import type { Locale } from './locale';

/**
 * The message catalogue, gettext-style: the English text a service writes is the key, with `{placeholders}`
 * where it interpolates a value, and the Indonesian text is the value. `localize()` matches a message against
 * these templates and writes the Indonesian one with the same values; a value that is itself a catalogue entry
 * (an entity name, "women", "none") is translated too, codes and ids are left as they are. A placeholder in the
 * Indonesian text that the English one lacks is filled from the error's details (`{retryAfterSeconds}`).
 *
 * Every error text in src/ must have an entry: test/unit/messages.spec.ts scans the sources and fails otherwise.
 */
const ID: Record<string, string> = {
  // AppError factories' defaults and formatGraphQLError's own.
  '{entity} {id} not found': '{entity} dengan id {id} tidak ditemukan',
  'You are not allowed to do this': 'Anda tidak berwenang melakukan ini',
  'Authentication required': 'Anda harus masuk terlebih dahulu',
  'Internal server error': 'Terjadi kesalahan pada server',
  'The service is temporarily unavailable (its database cannot be reached); try again shortly':
    'Layanan sementara tidak tersedia (basis data tidak dapat dihubungi); coba lagi dalam {retryAfterSeconds} detik',
  'Batched request refused: {count} operations, at most {max} allowed': 'Permintaan berkelompok ditolak: {count} operasi, paling banyak {max} yang diizinkan',
  'must hold at most {max} operations': 'paling banyak berisi {max} operasi',
  'is invalid': 'tidak valid',
  none: 'tidak ada',
  women: 'perempuan',
  men: 'laki-laki',

  // Entities named by NOT_FOUND.
  Client: 'Klien',
  Case: 'Kasus',
  Consent: 'Persetujuan',
  Need: 'Kebutuhan',
  Referral: 'Rujukan',
  Service: 'Layanan',
  Location: 'Lokasi',
  Organization: 'Organisasi',
  User: 'Pengguna',
  Assessment: 'Asesmen',
  Goal: 'Tujuan',
  NotificationDelivery: 'Pengiriman notifikasi',

  // Assessments, goals, closing and reopening cases.
  'give either assessmentId or caseId': 'isi assessmentId atau caseId, salah satu saja',
  'is a baseline; name a reassessment': 'adalah asesmen awal (baseline); sebutkan asesmen ulang',
  "a reassessment must use a baseline's instrument ({instrument}) to be compared": 'asesmen ulang harus memakai instrumen asesmen awal ({instrument}) agar dapat dibandingkan',
  'the case has no baseline yet: record the first assessment with baseline: true': 'kasus belum memiliki asesmen awal: catat asesmen pertama dengan baseline: true',
  'a goal is evaluated with evaluateGoal, which records its attainment': 'tujuan dievaluasi dengan evaluateGoal, yang mencatat tingkat pencapaiannya',
  'the goal is CANCELLED; set it ACTIVE before evaluating it': 'tujuan berstatus CANCELLED; jadikan ACTIVE sebelum dievaluasi',
  'close a case with closeCase, which takes a reason code': 'tutup kasus dengan closeCase, yang memerlukan kode alasan',
  'the case is CLOSED; reopen it with reopenCase': 'kasus sudah ditutup (CLOSED); buka kembali dengan reopenCase',
  'say why the case reopens (1 to 2,000 characters)': 'jelaskan alasan kasus dibuka kembali (1 sampai 2.000 karakter)',
  'the case is {status}, not CLOSED': 'kasus berstatus {status}, bukan CLOSED',

  // Dates and subscriptions.
  'must be a real date YYYY-MM-DD from {year}': 'harus berupa tanggal yang benar (YYYY-MM-DD) sejak {year}',
  'must be a real date YYYY-MM-DD from {year}, not in the future': 'harus berupa tanggal yang benar (YYYY-MM-DD) sejak {year}, bukan di masa depan',
  'The connection is closed': 'Koneksi sudah ditutup',
  'The user changed; reconnect': 'Data pengguna berubah; sambungkan kembali',

  // Publishing the directory (HSDS API and export).
  'is not a parameter of this endpoint (allowed: {allowed})': 'bukan parameter endpoint ini (yang diizinkan: {allowed})',
  'must be given once, as text': 'harus diberikan sekali, sebagai teks',
  'must be at most {max} characters': 'paling banyak {max} karakter',
  'must not contain NUL characters': 'tidak boleh berisi karakter NUL',
  'must be a whole number from {min} to {max}': 'harus berupa bilangan bulat dari {min} sampai {max}',
  'must be true or false': 'harus true atau false',
  'must be a UUID': 'harus berupa UUID',
  'must be a taxonomy term id (UUID) or code': 'harus berupa id istilah taksonomi (UUID) atau kodenya',
  'must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T08:00:00Z': 'harus berupa tanggal atau tanggal-waktu ISO 8601, mis. 2026-01-31 atau 2026-01-31T08:00:00Z',
  'must be json': 'harus json',
  'is not a taxonomy services are classified in (PMKS or service types)': 'bukan taksonomi yang dipakai untuk mengelompokkan layanan (PMKS atau jenis layanan)',
  'is not a PMKS need category or service type (by term id or code)': 'bukan kategori PMKS atau jenis layanan (menurut id istilah atau kodenya)',

  // FHIR for partners' systems.
  CodeSystem: 'Sistem kode (CodeSystem)',
  'a completion needs an outcome coding of {system}: {codes}': 'penyelesaian memerlukan kode hasil dari {system}: {codes}',
  'must be a FHIR dateTime with a time zone, e.g. 2026-01-31T09:00:00+07:00': 'harus berupa dateTime FHIR dengan zona waktu, mis. 2026-01-31T09:00:00+07:00',
  'must be a version ETag, e.g. W/"3"': 'harus berupa ETag versi, mis. W/"3"',
  'must be a JSON Patch: a non-empty array of operations': 'harus berupa JSON Patch: larik operasi yang tidak kosong',
  'must be an operation with op and path': 'harus berupa operasi dengan op dan path',
  'must be add, remove, replace or test': 'harus add, remove, replace, atau test',
  'may change only {paths}': 'hanya boleh mengubah {paths}',
  'A test operation of the patch failed: the Task is not as expected': 'Operasi test pada patch gagal: Task tidak seperti yang diharapkan',
  'is not a JSON Patch that applies to this Task': 'bukan JSON Patch yang dapat diterapkan pada Task ini',
  'must be Task': 'harus Task',
  'is not valid JSON': 'bukan JSON yang valid',
  'is required': 'wajib diisi',
  'is larger than the limit of {limit} bytes': 'melebihi batas {limit} bita',
  'has a character set other than UTF-8': 'memakai himpunan karakter selain UTF-8',
  'has a content encoding other than gzip, deflate or identity': 'memakai pengodean konten selain gzip, deflate atau identity',
  'was not received whole (the request was aborted)': 'tidak diterima utuh (permintaan dibatalkan)',
  'does not have the length its Content-Length names': 'panjangnya tidak sesuai dengan Content-Length',
  'must be the id of the Task in the URL': 'harus sama dengan id Task di URL',
  'must be a Task status: {statuses}': 'harus berupa status Task: {statuses}',
  "a referral's Task cannot be moved to {status}": 'Task sebuah rujukan tidak dapat dipindahkan ke {status}',
  'must be a CodeableConcept': 'harus berupa CodeableConcept',
  'must be text of at most 2,000 characters': 'harus berupa teks paling banyak 2.000 karakter',
  'must be a list of codings': 'harus berupa daftar coding',
  'a rejection needs a coding of {system}: {codes}': 'penolakan memerlukan kode dari {system}: {codes}',
  'must be {allowed}': 'harus {allowed}',
  'The Task changed (version {version}, If-Match names {expected})': 'Task sudah berubah (versi {version}, If-Match menyebut {expected})',
  'must be a Task resource': 'harus berupa resource Task',
  'must be given once': 'harus diberikan sekali',
  'must be at most 300 characters, without NUL': 'paling banyak 300 karakter, tanpa NUL',
  'is not a search parameter of Task (owner, status, _count, _offset)': 'bukan parameter pencarian Task (owner, status, _count, _offset)',
  'is required: Organization/<id> of your organisation': 'wajib diisi: Organization/<id> organisasi Anda',
  'must be Organization/<id> or <id> of an organisation': 'harus berupa Organization/<id> atau <id> sebuah organisasi',
  'You may search only the Tasks your organisation owns': 'Anda hanya boleh mencari Task milik organisasi Anda',
  'must be one or more of {values} (comma-separated)': 'harus satu atau lebih dari {values} (dipisahkan koma)',

  // Gaps.
  GapAnalysisRun: 'Analisis kesenjangan',
  'Gap figures are for staff of an organisation': 'Angka kesenjangan hanya untuk staf sebuah organisasi',
  'Gap figures are for coordinators, case managers and admins': 'Angka kesenjangan hanya untuk koordinator, manajer kasus, dan admin',
  '{field}: {code} is outside your region': '{field}: {code} berada di luar wilayah Anda',
  'must be before input.to': 'harus sebelum input.to',
  'must be at most {days} days before input.to': 'paling lama {days} hari sebelum input.to',
  'must be a finished gap analysis run': 'harus berupa analisis kesenjangan yang sudah selesai',
  'regionCode: {code} is outside your region': 'regionCode: {code} berada di luar wilayah Anda',
  'must be a PMKS need category code': 'harus berupa kode kategori kebutuhan PMKS',
  'must be a service type code': 'harus berupa kode jenis layanan',
  'Only admins, and coordinators within their region, run gap analyses': 'Hanya admin, dan koordinator di wilayahnya, yang dapat menjalankan analisis kesenjangan',
  'Could not start a gap analysis; try again': 'Analisis kesenjangan tidak dapat dimulai; coba lagi',
  'must be the code of a province or regency': 'harus berupa kode provinsi atau kabupaten/kota',
  'must be a region code': 'harus berupa kode wilayah',
  'must be a province or regency code': 'harus berupa kode provinsi atau kabupaten/kota',

  // Follow-ups.
  FollowUp: 'Tindak lanjut',
  'the follow-up is {status}': 'tindak lanjut berstatus {status}',
  'a partner answers with PARTNER_IN_RUJUK': 'mitra menjawab dengan PARTNER_IN_RUJUK',
  "PARTNER_IN_RUJUK is the partner's own answer": 'PARTNER_IN_RUJUK hanya untuk jawaban mitra sendiri',
  '{channel} may not be used for this client: {advice}': '{channel} tidak boleh dipakai untuk klien ini: {advice}',
  'a partner answering is reached': 'mitra yang menjawab dianggap sudah terhubungi (reached)',
  'an unreached attempt has no result': 'upaya yang tidak terhubung tidak memiliki hasil',
  'a reached contact needs a result': 'kontak yang terhubung memerlukan hasil',
  '{result} is not an answer to {kind}; use one of {allowed}': '{result} bukan jawaban untuk {kind}; gunakan salah satu dari {allowed}',
  'Only case managers, supervisors and partner staff list follow-ups': 'Hanya manajer kasus, supervisor, dan staf mitra yang dapat melihat daftar tindak lanjut',
  'Only supervisors see the caseload': 'Hanya supervisor yang dapat melihat beban kasus',
  'STALE_CASE tasks are created by the system': 'tugas STALE_CASE dibuat oleh sistem',
  'a provider contact needs the referral it is about': 'kontak dengan penyedia layanan memerlukan rujukan yang bersangkutan',
  'a PROVIDER_CHECK contacts the PROVIDER': 'PROVIDER_CHECK menghubungi penyedia layanan (PROVIDER)',
  "must be an active case manager of the case's organisation": 'harus manajer kasus aktif dari organisasi pemilik kasus',
  'Only the case side reschedules or cancels a follow-up': 'Hanya pihak pengelola kasus yang dapat menjadwal ulang atau membatalkan tindak lanjut',

  // Identity and rate limits.
  'Missing bearer token': 'Token akses tidak disertakan',
  'Token expired': 'Token akses sudah kedaluwarsa; silakan masuk kembali',
  'Invalid token': 'Token akses tidak valid',
  'User is not active': 'Akun pengguna tidak aktif',
  'Wrong email or password': 'Email atau kata sandi salah',
  'Session signed out': 'Sesi sudah keluar; silakan masuk kembali',
  'This referral link is not valid: it may have expired, been answered or been withdrawn':
    'Tautan rujukan ini tidak berlaku: mungkin sudah kedaluwarsa, sudah dijawab, atau ditarik kembali',
  'Too many invalid referral links from this address; try again later': 'Terlalu banyak tautan rujukan tidak valid dari alamat ini; coba lagi dalam {retryAfterSeconds} detik',
  'Referral links are unavailable while their guard (Redis) cannot be reached; try again shortly':
    'Tautan rujukan sedang tidak tersedia karena pengamannya (Redis) tidak dapat dihubungi; coba lagi sebentar lagi',
  'Missing or wrong X-CSRF-Token header for a cookie session': 'Header X-CSRF-Token tidak ada atau salah untuk sesi cookie; muat ulang halaman',
  'Not signed in': 'Belum masuk',
  'Rate limit of {limit} operations per minute exceeded': 'Terlalu banyak permintaan (batas {limit} operasi per menit); coba lagi dalam {retryAfterSeconds} detik',
  'Sign-in is unavailable while its brute-force guard (Redis) cannot be reached; try again shortly':
    'Layanan masuk sedang tidak tersedia karena pengamannya (Redis) tidak dapat dihubungi; coba lagi sebentar lagi',
  'Too many failed logins for this account; try again later': 'Terlalu banyak percobaan masuk yang gagal untuk akun ini; coba lagi dalam {retryAfterSeconds} detik',
  'Too many failed logins from this address; try again later': 'Terlalu banyak percobaan masuk yang gagal dari alamat ini; coba lagi dalam {retryAfterSeconds} detik',

  // Users.
  'Only admins and coordinators create users': 'Hanya admin dan koordinator yang dapat membuat pengguna',
  'is required for role {role}': 'wajib diisi untuk peran {role}',
  'Coordinators may create partner staff only, for partner organisations within their region':
    'Koordinator hanya dapat membuat staf mitra, untuk organisasi mitra di wilayahnya',
  'A user with this email exists': 'Pengguna dengan email ini sudah ada',
  'must be an id': 'harus berupa id',
  'You may not change your own account': 'Anda tidak dapat mengubah akun Anda sendiri',
  'You may not manage this user': 'Anda tidak berwenang mengelola pengguna ini',
  'Only admins change roles': 'Hanya admin yang dapat mengubah peran',
  'You may not change your own role': 'Anda tidak dapat mengubah peran Anda sendiri',
  '{role} needs an organisation and this user has none': 'Peran {role} memerlukan organisasi, sedangkan pengguna ini tidak memilikinya',
  'Only admins and coordinators list users': 'Hanya admin dan koordinator yang dapat melihat daftar pengguna',
  'This organisation lies outside your region': 'Organisasi ini berada di luar wilayah Anda',
  'must be an email address': 'harus berupa alamat email',
  'must be at least {min} characters': 'minimal {min} karakter',

  // Audit.
  'Only admins and supervisors may read the audit trail': 'Hanya admin dan supervisor yang dapat membaca jejak audit',

  // Cases: clients, cases, needs, consents, assessments.
  'must not be in the future': 'tidak boleh di masa depan',
  'is not a real date': 'bukan tanggal yang valid',
  'give either birthDate or estimatedAge, not both': 'isi tanggal lahir atau perkiraan usia, tidak keduanya',
  'give a birth date or an estimated age': 'isi tanggal lahir atau perkiraan usia',
  'latitude and longitude go together': 'lintang dan bujur harus diisi bersamaan',
  'The NIK is encrypted with data key {key}, which is not configured': 'NIK dienkripsi dengan kunci data {key}, yang tidak dikonfigurasi',
  'Only case managers and supervisors register clients': 'Hanya manajer kasus dan supervisor yang dapat mendaftarkan klien',
  'A client with this NIK is already registered': 'Klien dengan NIK ini sudah terdaftar',
  'Only case managers and supervisors list clients': 'Hanya manajer kasus dan supervisor yang dapat melihat daftar klien',
  'must be exactly 16 digits': 'harus tepat 16 digit',
  'must start with a province code (11-99)': 'harus diawali kode provinsi (11-99)',
  'has an impossible birth date in digits 7-12': 'memuat tanggal lahir yang tidak mungkin pada digit ke-7 sampai ke-12',
  'has serial 0000, which is never issued': 'memiliki nomor urut 0000, yang tidak pernah diterbitkan',
  'must be a date YYYY-MM-DD': 'harus berupa tanggal dengan format YYYY-MM-DD',
  'must be a phone number': 'harus berupa nomor telepon',
  'must be a latitude between -90 and 90': 'harus berupa lintang antara -90 dan 90',
  'must be a longitude between -180 and 180': 'harus berupa bujur antara -180 dan 180',
  'each must be an ISO 639 language code such as id, su, jv': 'setiap nilai harus berupa kode bahasa ISO 639, misalnya id, su, jv',
  'The case is closed': 'Kasus sudah ditutup',
  'no such client within your reach': 'klien tidak ditemukan dalam jangkauan Anda',
  "must be an active case manager of the client's organisation": 'harus manajer kasus aktif dari organisasi klien',
  'a closing reason is required': 'alasan penutupan wajib diisi',
  'cannot move from {from} to {to}; allowed: {allowed}': 'tidak dapat berpindah dari {from} ke {to}; yang diizinkan: {allowed}',
  'must be 1 to 10,000 characters': 'harus 1 sampai 10.000 karakter',
  'Only case managers and supervisors list cases': 'Hanya manajer kasus dan supervisor yang dapat melihat daftar kasus',
  'not an indicator of {category}: {indicators}': 'bukan indikator untuk {category}: {indicators}',
  'unknown need category {category}': 'kategori kebutuhan {category} tidak dikenal',
  '{category} applies from age {min}; the client is {age}': '{category} berlaku mulai usia {min}; usia klien {age}',
  '{category} applies below age {max}; the client is {age}': '{category} berlaku di bawah usia {max}; usia klien {age}',
  '{category} applies to {sex} only': '{category} hanya berlaku untuk {sex}',
  'must be a time not in the future': 'harus berupa waktu yang tidak di masa depan',
  'is not a case of this client': 'bukan kasus milik klien ini',
  'no such organisation: {ids}': 'organisasi tidak ditemukan: {ids}',
  'is not a referral of this client': 'bukan rujukan untuk klien ini',
  'is not a referral of this case': 'bukan rujukan untuk kasus ini',
  'item {item} appears twice': 'butir {item} muncul dua kali',
  'The case already has a baseline on {instrument}': 'Kasus ini sudah memiliki asesmen awal dengan instrumen {instrument}',
  "reassess with the baseline's version {version} to compare": 'lakukan asesmen ulang dengan versi asesmen awal ({version}) agar dapat dibandingkan',
  'is not a goal of this case': 'bukan tujuan dari kasus ini',

  // Pagination.
  'must be an integer from 1 to {max}': 'harus bilangan bulat dari 1 sampai {max}',
  'is not a cursor this API returned': 'bukan kursor yang diberikan oleh API ini',

  // Directory.
  'malformed region code (e.g. 32.77.01.1001)': 'format kode wilayah salah (contoh: 32.77.01.1001)',
  'malformed region code {code} (e.g. 32.77.01.1001)': 'format kode wilayah {code} salah (contoh: 32.77.01.1001)',
  'unknown region code {code}': 'kode wilayah {code} tidak dikenal',
  'unknown service type {code}': 'jenis layanan {code} tidak dikenal',
  'unknown partner kind {code}': 'jenis mitra {code} tidak dikenal',
  'name at least one service type the need asks for': 'sebutkan minimal satu jenis layanan yang dibutuhkan',
  'must be an ISO 8601 instant': 'harus berupa waktu dalam format ISO 8601',
  'Only coordinators and admins keep the directory': 'Hanya koordinator dan admin yang dapat mengelola direktori',
  'must be HH:MM (00:00 to 24:00)': 'harus berformat HH:MM (00:00 sampai 24:00)',
  'must be a 5-digit postal code': 'harus berupa kode pos 5 digit',
  'must be after opensAt ({opens}-{closes}); split overnight hours at 24:00':
    'harus setelah opensAt ({opens}-{closes}); pisahkan jam buka yang melewati tengah malam pada pukul 24:00',
  'overlaps {field}[{index}] on weekday {weekday}': 'bertumpang tindih dengan {field}[{index}] pada hari ke-{weekday}',
  'no such organisation': 'organisasi tidak ditemukan',
  'You may not add locations to this organisation': 'Anda tidak berwenang menambahkan lokasi ke organisasi ini',
  'not a service of this organisation: {ids}': 'bukan layanan organisasi ini: {ids}',
  'You may not change these opening hours': 'Anda tidak berwenang mengubah jam buka ini',
  'You may add organisations only within your region': 'Anda hanya dapat menambahkan organisasi di wilayah Anda',
  'You may not edit this organisation': 'Anda tidak berwenang mengubah organisasi ini',
  'You may not move an organisation out of your region': 'Anda tidak dapat memindahkan organisasi ke luar wilayah Anda',
  'You may not change this service': 'Anda tidak berwenang mengubah layanan ini',
  'must name at least one need category': 'harus menyebutkan minimal satu kategori kebutuhan',
  'must name at least one region': 'harus menyebutkan minimal satu wilayah',
  'must not exceed maximumAge ({min} > {max})': 'tidak boleh melebihi maximumAge ({min} > {max})',
  'not a location of this organisation: {ids}': 'bukan lokasi organisasi ini: {ids}',
  'must not exceed maximum ({min} > {max})': 'tidak boleh melebihi nilai maksimum ({min} > {max})',
  'You may not add services to this organisation': 'Anda tidak berwenang menambahkan layanan ke organisasi ini',
  'Service changed since version {expected} (now {version})': 'Layanan telah berubah sejak versi {expected} (sekarang {version})',

  // Matching.
  'Partner staff cannot run matches': 'Staf mitra tidak dapat menjalankan pencocokan',
  'give a needId, or a needCategory with a profile': 'isi needId, atau needCategory beserta profil',

  // Notifications.
  'Only admins see failed notification deliveries': 'Hanya admin yang dapat melihat pengiriman notifikasi yang gagal',
  'Only admins redeliver failed notification deliveries': 'Hanya admin yang dapat mengirim ulang pengiriman notifikasi yang gagal',
  'Only a dead delivery can be redelivered; this one is {status}': 'Hanya pengiriman yang gagal total yang dapat dikirim ulang; pengiriman ini berstatus {status}',
  "You may not see this organisation's webhook": 'Anda tidak berwenang melihat webhook organisasi ini',
  "You may not configure this organisation's webhook": 'Anda tidak berwenang mengatur webhook organisasi ini',
  'give ids or all: true, not both': 'isi ids atau all: true, tidak keduanya',
  'name at least one notification, or give all: true': 'sebutkan minimal satu notifikasi, atau isi all: true',
  'must be an absolute URL': 'harus berupa URL lengkap',
  'must use http or https': 'harus menggunakan http atau https',
  'must use https': 'harus menggunakan https',
  'must not contain credentials': 'tidak boleh memuat kredensial',
  'must be at most 2000 characters': 'maksimal 2000 karakter',

  // Referrals.
  'no such need': 'kebutuhan tidak ditemukan',
  'the need is {status}': 'status kebutuhan adalah {status}',
  'no such active service': 'layanan aktif tidak ditemukan',
  'the client is not eligible: {criteria}': 'klien tidak memenuhi syarat: {criteria}',
  'is not a location of this service': 'bukan lokasi layanan ini',
  'is not a match run for this need': 'bukan hasil pencocokan untuk kebutuhan ini',
  'cannot redirect a referral that is {status}': 'rujukan berstatus {status} tidak dapat dialihkan',
  'is the service the referral already went to': 'adalah layanan yang sudah dituju rujukan ini',
  'The referral changed (version {version}, expected {expected})': 'Rujukan telah berubah (versi {version}, yang diharapkan {expected})',
  'The referral was changed by someone else at the same time; reload and retry': 'Rujukan diubah oleh pengguna lain pada saat yang sama; muat ulang lalu coba lagi',
  'The inbox is for staff of a receiving organisation': 'Kotak masuk hanya untuk staf organisasi penerima',
  'Only case managers and supervisors list sent referrals': 'Hanya manajer kasus dan supervisor yang dapat melihat daftar rujukan terkirim',
  "No consent in force for the client: record the client's consent to share with {recipient}, or send without identifying data and say why":
    'Klien belum memiliki persetujuan yang berlaku: catat persetujuan klien untuk berbagi data dengan {recipient}, atau kirim tanpa data identitas dan sebutkan alasannya',
  "The client's consent in force does not cover {recipient}: record consent that names it, or send without identifying data and say why":
    'Persetujuan klien yang berlaku tidak mencakup {recipient}: catat persetujuan yang menyebutkannya, atau kirim tanpa data identitas dan sebutkan alasannya',
  'organisation {name} ({id})': 'organisasi {name} ({id})',
  'cannot {action} a referral that is {status}': 'tindakan {action} tidak dapat dilakukan pada rujukan berstatus {status}',
  'only {who} may {action} a referral': 'hanya {who} yang dapat melakukan tindakan {action} pada rujukan',
  'the sending case manager': 'manajer kasus pengirim',
  'the receiving organisation': 'organisasi penerima',
  'the system': 'sistem',
  'a decline needs a reason code': 'penolakan memerlukan kode alasan',
  '{action} needs a reason': 'tindakan {action} memerlukan alasan',
  'completion needs an outcome': 'penyelesaian memerlukan hasil layanan',
  'Subscribe with a caseId, or as a member of an organisation': 'Berlangganan dengan caseId, atau sebagai anggota sebuah organisasi',

  // class-validator's default messages for the decorators our inputs use (`{property}` is the field's name).
  'each value in {property}': 'setiap nilai pada {property}',
  'nested property {property} must be either object or array': 'properti bertingkat {property} harus berupa objek atau larik',
  '{property} must be a UUID': '{property} harus berupa UUID',
  '{property} must be a string': '{property} harus berupa teks',
  '{property} must be an integer number': '{property} harus berupa bilangan bulat',
  '{property} must be a number conforming to the specified constraints': '{property} harus berupa angka yang sesuai ketentuan',
  '{property} must be a boolean value': '{property} harus bernilai benar atau salah (boolean)',
  '{property} must be one of the following values: {values}': '{property} harus salah satu dari nilai berikut: {values}',
  '{property} must be an email': '{property} harus berupa alamat email',
  '{property} must be a URL address': '{property} harus berupa alamat URL',
  '{property} must be a latitude string or number': '{property} harus berupa lintang',
  '{property} must be a longitude string or number': '{property} harus berupa bujur',
  '{property} must not be less than {min}': '{property} tidak boleh kurang dari {min}',
  '{property} must not be greater than {max}': '{property} tidak boleh lebih dari {max}',
  '{property} must be shorter than or equal to {max} characters': '{property} maksimal {max} karakter',
  '{property} must be longer than or equal to {min} characters': '{property} minimal {min} karakter',
  '{property} must contain no more than {max} elements': '{property} berisi paling banyak {max} elemen',
  '{property} must contain at least {min} elements': '{property} berisi paling sedikit {min} elemen',
  '{property} must match {pattern} regular expression': '{property} harus sesuai dengan pola {pattern}',

  // Directory imports.
  DirectoryImport: 'Impor direktori',
  'Only coordinators and admins import the directory': 'Hanya koordinator dan admin yang dapat mengimpor direktori',
  'Only coordinators and admins classify imported services': 'Hanya koordinator dan admin yang mengklasifikasikan layanan hasil impor',
  'You may read only the imports of your region': 'Anda hanya dapat membaca impor di wilayah Anda',
  'send the file as the raw body with content-type application/octet-stream, text/csv or application/zip':
    'kirim berkas sebagai isi permintaan apa adanya dengan content-type application/octet-stream, text/csv atau application/zip',
  'the file is larger than {max} MB': 'berkas lebih besar dari {max} MB',
  'the file is empty': 'berkas kosong',
  'the import failed; see the worker log': 'impor gagal; lihat log worker',
};

/** The catalogue per locale; English is the key itself. */
export const CATALOGUE: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<string, string>>>> = { id: ID };

interface Template {
  pattern: RegExp;
  names: string[];
  target: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(catalogue: Readonly<Record<string, string>>): Template[] {
  return Object.entries(catalogue)
    .map(([source, target]) => {
      const names: string[] = [];
      const parts = source.split(PLACEHOLDER).map((part, i) => {
        if (i % 2 === 0) return escapeRegExp(part);
        names.push(part);
        return '(.+?)';
      });
      return { pattern: new RegExp(`^${parts.join('')}$`, 's'), names, target, fixed: source.replace(PLACEHOLDER, '').length };
    })
    // The template with the most fixed text wins: "{property} must be a UUID" before "{entity} {id} not found".
    .sort((a, b) => b.fixed - a.fixed)
    .map(({ pattern, names, target }) => ({ pattern, names, target }));
}

const TEMPLATES: Record<Exclude<Locale, 'en'>, Template[]> = { id: compile(ID) };

function translate(text: string, templates: Template[], details: Record<string, unknown>, depth: number): string | null {
  for (const t of templates) {
    const m = t.pattern.exec(text);
    if (!m) continue;
    const values: Record<string, string> = {};
    t.names.forEach((name, i) => {
      values[name] = depth > 0 ? (translate(m[i + 1], templates, {}, depth - 1) ?? m[i + 1]) : m[i + 1];
    });
    return t.target.replace(PLACEHOLDER, (whole, name: string) =>
      name in values ? values[name] : details[name] !== undefined && details[name] !== null ? String(details[name]) : whole);
  }
  return null;
}

/** Whether the catalogue holds a translation of this English text into every locale (the scan test uses it). */
export function hasTranslation(text: string): boolean {
  return Object.values(TEMPLATES).every((templates) => translate(text, templates, {}, 0) !== null);
}

/**
 * An English message in the given locale; a text the catalogue lacks stays English. `details` fills
 * placeholders the translation has and the English text does not (an error's `retryAfterSeconds`).
 */
export function localize(text: string, locale: Locale, details: Record<string, unknown> = {}): string {
  if (locale === 'en') return text;
  return translate(text, TEMPLATES[locale], details, 2) ?? text;
}
