/**
 * A made-up referral network for Kota Cimahi (32.77) and Kota Bandung (32.73), Jawa Barat, for demos and
 * manual testing. Every organisation, person, address and number here is invented: phone numbers are
 * 0800-0000-xxxx, e-mail and web addresses are under example.org. Region codes and the rough coordinates
 * are real, so searches by village, district, city or province and by distance behave as they would.
 *
 * Loaded through the directory's own services by scripts/seed-demo.ts (`npm run seed:demo`).
 */
import {
  allDay, clinicHours, dailyHours, eveningHours, monSat, ngoHours, nightOutreach, officeHours, puskesmasHours, schoolHours,
} from './hours';
import type { DemoOrganization, DemoUser } from './types';

export const DEMO_IDENTIFIER_SCHEME = 'rujuk-demo';

const JABAR = '32';
const CIMAHI = '32.77';
const BANDUNG = '32.73';

const phone = (n: number, type = 'kantor') => ({ number: `0800-0000-${String(n).padStart(4, '0')}`, type });
const contact = (key: string, name: string, title: string, n: number) => ({
  name, title, email: `rujukan.${key}@example.org`, phone: `0800-0000-${String(n).padStart(4, '0')}`,
});
const web = (key: string) => ({ website: `https://${key}.example.org`, email: `${key}@example.org` });

export const DEMO_NETWORK: DemoOrganization[] = [
  // ------------------------------------------------------------------ Kota Cimahi
  {
    key: 'dinsos-cimahi',
    name: 'Dinas Sosial Kota Cimahi',
    partnerKind: 'DINAS_SOSIAL',
    description: 'Dinas sosial kota: koordinator jejaring rujukan, pekerja sosial manajer kasus, bantuan sosial dan rehabilitasi sosial.',
    ...web('dinsos-cimahi'),
    phones: [phone(101), phone(102, 'pengaduan')],
    legalStatus: 'Perangkat daerah',
    regionCode: '32.77.02.1006',
    referralContact: contact('dinsos-cimahi', 'Rina Kartika (fiktif)', 'Koordinator Pekerja Sosial', 103),
    locations: [
      {
        key: 'kantor', name: 'Kantor Dinas Sosial Kota Cimahi', addressLine: 'Jl. Contoh Pemkot No. 1 (alamat fiktif)',
        postalCode: '40525', regionCode: '32.77.02.1006', latitude: -6.8722, longitude: 107.5425,
        accessibility: 'Lantai dasar, ramp kursi roda, toilet difabel', schedules: officeHours(),
      },
    ],
    services: [
      {
        name: 'Layanan Manajemen Kasus dan Rujukan Pekerja Sosial',
        description: 'Asesmen kebutuhan, rencana intervensi, rujukan dan pendampingan oleh pekerja sosial (model broker diperluas).',
        needCategories: ['ANAK_TERLANTAR', 'ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'LANSIA_TERLANTAR', 'PENYANDANG_CACAT',
          'KELUARGA_FAKIR_MISKIN', 'KELUARGA_BERMASALAH_PSIKOLOGIS', 'BEKAS_NARAPIDANA', 'ODHA'],
        serviceTypes: ['KONSULTASI', 'RUJUKAN', 'PENDAMPINGAN', 'ADVOKASI'],
        requiredDocuments: ['KTP', 'KK'], free: true, languages: ['id', 'su'], areaCodes: [CIMAHI],
        at: ['kantor'], verifiedDaysAgo: 12,
      },
      {
        name: 'Bantuan Sosial dan Pendaftaran Jaminan Kesehatan (PBI)',
        description: 'Pendataan DTKS, bantuan sosial sembako dan pengusulan peserta PBI jaminan kesehatan bagi keluarga miskin.',
        needCategories: ['KELUARGA_FAKIR_MISKIN', 'KELUARGA_RENTAN', 'LANSIA_TERLANTAR'],
        serviceTypes: ['BANTUAN_SOSIAL', 'JAMINAN_SOSIAL', 'INFORMASI'],
        requiredDocuments: ['KTP', 'KK', 'SKTM'], free: true, languages: ['id', 'su'], areaCodes: [CIMAHI],
        acceptanceDeadline: { routineMinutes: 7 * 24 * 60 },
        at: ['kantor'], verifiedDaysAgo: 40,
      },
      {
        name: 'Rehabilitasi Rumah Tidak Layak Huni (Rutilahu)',
        description: 'Bantuan bahan bangunan dan pendampingan perbaikan rumah tidak layak huni.',
        needCategories: ['RUMAH_TIDAK_LAYAK_HUNI', 'KELUARGA_FAKIR_MISKIN'], serviceTypes: ['PERUMAHAN'],
        requiredDocuments: ['KTP', 'KK', 'SKTM', 'Sertifikat/bukti kepemilikan tanah'], free: true, languages: ['id', 'su'],
        areaCodes: [CIMAHI], capacity: { available: 0, maximum: 40, unit: 'rumah per tahun' },
        at: ['kantor'], verifiedDaysAgo: 210,
      },
      {
        name: 'Tim Reaksi Cepat Penjangkauan PPKS',
        description: 'Penjangkauan gelandangan, pengemis, anak jalanan dan orang terlantar di jalan; penampungan sementara dan rujukan.',
        needCategories: ['GELANDANGAN', 'PENGEMIS', 'ANAK_JALANAN', 'GELANDANGAN_PSIKOTIK', 'LANSIA_TERLANTAR'],
        serviceTypes: ['PENJANGKAUAN', 'RUJUKAN', 'PERLINDUNGAN'],
        requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: [CIMAHI],
        acceptanceDeadline: { emergencyMinutes: 60 },
        at: ['kantor'], verifiedDaysAgo: 5,
      },
    ],
  },
  {
    key: 'lk3-cimahi',
    name: 'LK3 Harapan Keluarga Kota Cimahi',
    partnerKind: 'LK3',
    description: 'Lembaga Konsultasi Kesejahteraan Keluarga: konseling, konsultasi, informasi, penjangkauan, pendampingan dan rujukan.',
    ...web('lk3-cimahi'),
    phones: [phone(111)],
    legalStatus: 'Lembaga di bawah Dinas Sosial',
    regionCode: '32.77.02.1004',
    referralContact: contact('lk3-cimahi', 'Dedi Supriatna (fiktif)', 'Konselor', 112),
    locations: [
      {
        key: 'kantor', name: 'Sekretariat LK3 Harapan Keluarga', addressLine: 'Jl. Contoh Setiamanah No. 12 (fiktif)',
        postalCode: '40524', regionCode: '32.77.02.1004', latitude: -6.8790, longitude: 107.5480,
        schedules: [...ngoHours('08:00', '16:00'), { weekday: 6, opensAt: '09:00', closesAt: '12:00' }],
      },
    ],
    services: [
      {
        name: 'Konseling Keluarga dan Perkawinan',
        description: 'Konseling individu, pasangan dan keluarga untuk konflik keluarga, pengasuhan dan krisis rumah tangga.',
        needCategories: ['KELUARGA_BERMASALAH_PSIKOLOGIS', 'KELUARGA_RENTAN', 'WANITA_KORBAN_KEKERASAN', 'ANAK_NAKAL'],
        serviceTypes: ['KONSELING', 'KONSULTASI', 'PENDIDIKAN_KELUARGA'],
        requiredDocuments: ['KTP'], free: true, languages: ['id', 'su', 'jv'], areaCodes: [CIMAHI],
        at: ['kantor'], verifiedDaysAgo: 30,
      },
      {
        name: 'Pendampingan Anak Berhadapan dengan Hukum',
        description: 'Pendampingan psikososial anak pelaku atau korban dalam proses hukum, bersama Bapas dan Unit PPA.',
        needCategories: ['ANAK_NAKAL', 'ANAK_KORBAN_KEKERASAN'], serviceTypes: ['PENDAMPINGAN', 'KONSELING', 'ADVOKASI'],
        minimumAge: 8, maximumAge: 17, requiredDocuments: ['KK', 'Akta Kelahiran'], free: true, languages: ['id', 'su'],
        areaCodes: [CIMAHI, '32.17'], at: ['kantor'], verifiedDaysAgo: 75,
      },
    ],
  },
  {
    key: 'rsud-mekarsari',
    name: 'RSUD Mekarsari Kota Cimahi',
    partnerKind: 'RUMAH_SAKIT',
    description: 'Rumah sakit umum daerah (fiktif) dengan IGD 24 jam, Pusat Pelayanan Terpadu korban kekerasan, poli jiwa dan klinik VCT.',
    ...web('rsud-mekarsari'),
    phones: [phone(121), phone(122, 'IGD')],
    legalStatus: 'BLUD',
    regionCode: '32.77.03.1002',
    referralContact: contact('rsud-mekarsari', 'dr. Sinta Maharani (fiktif)', 'Koordinator PPT', 123),
    locations: [
      {
        key: 'igd', name: 'IGD RSUD Mekarsari', addressLine: 'Jl. Contoh Cibabat No. 200 (fiktif)', postalCode: '40513',
        regionCode: '32.77.03.1002', latitude: -6.8560, longitude: 107.5530, accessibility: 'Akses ambulans dan kursi roda 24 jam',
        schedules: allDay(),
      },
      {
        key: 'poli', name: 'Gedung Poliklinik RSUD Mekarsari', addressLine: 'Jl. Contoh Cibabat No. 202 (fiktif)', postalCode: '40513',
        regionCode: '32.77.03.1002', latitude: -6.8566, longitude: 107.5536, accessibility: 'Lift, ramp, toilet difabel',
        schedules: clinicHours(),
      },
    ],
    services: [
      {
        name: 'Instalasi Gawat Darurat 24 Jam',
        description: 'Pelayanan gawat darurat medis sepanjang waktu; peserta JKN/KIS tidak dipungut biaya.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'LANSIA_KORBAN_KEKERASAN', 'GELANDANGAN', 'GELANDANGAN_PSIKOTIK',
          'KORBAN_NAPZA', 'KORBAN_BENCANA_ALAM', 'KELUARGA_FAKIR_MISKIN'],
        serviceTypes: ['LAYANAN_MEDIS'], requiredDocuments: [], free: true,
        costDescription: 'Gratis untuk peserta JKN/KIS dan kasus darurat PPKS dengan surat Dinas Sosial',
        languages: ['id', 'su', 'en'], areaCodes: [CIMAHI, BANDUNG, '32.17'], at: ['igd'], verifiedDaysAgo: 20,
      },
      {
        name: 'Pusat Pelayanan Terpadu (PPT) Korban Kekerasan',
        description: 'Pemeriksaan medis, visum et repertum, konseling awal dan rujukan bagi perempuan dan anak korban kekerasan.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN'], serviceTypes: ['VISUM', 'LAYANAN_MEDIS', 'KONSELING', 'RUJUKAN'],
        requiredDocuments: ['Surat permintaan visum dari kepolisian'], free: true, languages: ['id', 'su'],
        areaCodes: [CIMAHI], acceptanceDeadline: { emergencyMinutes: 60, urgentMinutes: 12 * 60 },
        at: ['igd'], verifiedDaysAgo: 9,
      },
      {
        name: 'Poli Jiwa dan Rawat Jalan Kesehatan Jiwa',
        description: 'Pemeriksaan dan terapi psikiatri rawat jalan, termasuk pasien terlantar dengan gangguan jiwa rujukan Dinas Sosial.',
        needCategories: ['GELANDANGAN_PSIKOTIK', 'KORBAN_NAPZA', 'KELUARGA_BERMASALAH_PSIKOLOGIS'], serviceTypes: ['KESEHATAN_JIWA'],
        minimumAge: 12, requiredDocuments: ['KTP', 'BPJS/KIS', 'Surat rujukan puskesmas'], free: true, languages: ['id', 'su'],
        areaCodes: [CIMAHI], at: ['poli'], verifiedDaysAgo: 45,
      },
      {
        name: 'Klinik VCT dan Perawatan HIV',
        description: 'Tes HIV sukarela dengan konseling, pengobatan ARV dan dukungan kepatuhan minum obat.',
        needCategories: ['ODHA'], serviceTypes: ['LAYANAN_MEDIS', 'KONSELING'], requiredDocuments: [], free: true,
        languages: ['id', 'su', 'en'], areaCodes: [CIMAHI, BANDUNG], at: ['poli'], verifiedDaysAgo: 260,
      },
    ],
  },
  {
    key: 'rs-bhakti-sehat',
    name: 'Rumah Sakit Bhakti Sehat Cimahi',
    partnerKind: 'RUMAH_SAKIT',
    description: 'Rumah sakit swasta (fiktif); IGD 24 jam dan rehabilitasi medik. Sebagian layanan berbayar.',
    ...web('rs-bhakti-sehat'),
    phones: [phone(131)],
    legalStatus: 'Perseroan terbatas',
    regionCode: '32.77.01.1003',
    referralContact: contact('rs-bhakti-sehat', 'Yusuf Hidayat (fiktif)', 'Case manager rumah sakit', 132),
    locations: [
      {
        key: 'utama', name: 'RS Bhakti Sehat', addressLine: 'Jl. Contoh Utama No. 45 (fiktif)', postalCode: '40533',
        regionCode: '32.77.01.1003', latitude: -6.8940, longitude: 107.5300, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'IGD dan Rawat Inap',
        description: 'Gawat darurat 24 jam dan rawat inap; peserta JKN kelas 3 dan pasien umum.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'LANSIA_TERLANTAR', 'KORBAN_BENCANA_ALAM'],
        serviceTypes: ['LAYANAN_MEDIS'], requiredDocuments: ['KTP', 'BPJS/KIS'], free: false,
        costDescription: 'Tarif umum; JKN sesuai ketentuan BPJS', languages: ['id', 'su', 'en'], areaCodes: [CIMAHI, '32.17'],
        at: ['utama'], verifiedDaysAgo: 60,
      },
      {
        name: 'Rehabilitasi Medik dan Terapi Tumbuh Kembang',
        description: 'Fisioterapi, terapi okupasi dan terapi wicara untuk anak dan dewasa dengan disabilitas.',
        needCategories: ['ANAK_CACAT', 'PENYANDANG_CACAT', 'CACAT_BEKAS_PENYAKIT_KRONIS'], serviceTypes: ['LAYANAN_MEDIS', 'REHABILITASI_SOSIAL'],
        requiredDocuments: ['KTP', 'KK', 'Surat rujukan dokter'], free: false, costDescription: 'Rp 150.000 per sesi (umum)',
        languages: ['id', 'su'], areaCodes: [CIMAHI], capacity: { available: 4, maximum: 30, unit: 'slot terapi per minggu' },
        at: ['utama'], verifiedDaysAgo: 400,
      },
    ],
  },
  {
    key: 'puskesmas-melati',
    name: 'Puskesmas Melati Cimahi Selatan',
    partnerKind: 'PUSKESMAS',
    description: 'Puskesmas (fiktif) dengan pelayanan umum, KIA, PKPR remaja dan pos layanan terpadu kekerasan.',
    ...web('puskesmas-melati'),
    phones: [phone(141)],
    legalStatus: 'UPTD Dinas Kesehatan',
    regionCode: '32.77.01.1001',
    referralContact: contact('puskesmas-melati', 'Bidan Euis (fiktif)', 'Penanggung jawab KIA', 142),
    locations: [
      {
        key: 'utama', name: 'Puskesmas Melati', addressLine: 'Jl. Contoh Melong No. 8 (fiktif)', postalCode: '40534',
        regionCode: '32.77.01.1001', latitude: -6.9120, longitude: 107.5480, schedules: puskesmasHours(),
      },
    ],
    services: [
      {
        name: 'Pelayanan Kesehatan Ibu dan Anak',
        description: 'Pemeriksaan kehamilan, imunisasi, gizi balita dan kelas ibu hamil.',
        needCategories: ['KELUARGA_RENTAN', 'ANAK_BALITA_TERLANTAR', 'KELUARGA_FAKIR_MISKIN'], serviceTypes: ['LAYANAN_MEDIS', 'PENDIDIKAN_KELUARGA'],
        requiredDocuments: ['KTP', 'KK'], free: true, languages: ['id', 'su'], areaCodes: ['32.77.01'], at: ['utama'], verifiedDaysAgo: 25,
      },
      {
        name: 'Pelayanan Kesehatan Peduli Remaja (PKPR)',
        description: 'Konseling kesehatan reproduksi, NAPZA dan kesehatan jiwa remaja.',
        needCategories: ['ANAK_NAKAL', 'KORBAN_NAPZA', 'ANAK_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING', 'LAYANAN_MEDIS', 'INFORMASI'],
        minimumAge: 10, maximumAge: 19, requiredDocuments: [], free: true, languages: ['id', 'su'],
        areaCodes: ['32.77.01'], at: ['utama'], verifiedDaysAgo: 190,
      },
    ],
  },
  {
    key: 'puskesmas-kenanga',
    name: 'Puskesmas Kenanga Cimahi Utara',
    partnerKind: 'PUSKESMAS',
    description: 'Puskesmas rawat inap (fiktif) dengan layanan persalinan 24 jam dan program TB/kusta.',
    ...web('puskesmas-kenanga'),
    phones: [phone(151)],
    legalStatus: 'UPTD Dinas Kesehatan',
    regionCode: '32.77.03.1003',
    referralContact: contact('puskesmas-kenanga', 'dr. Arif Nugraha (fiktif)', 'Kepala Puskesmas', 152),
    locations: [
      {
        key: 'utama', name: 'Puskesmas Kenanga', addressLine: 'Jl. Contoh Citeureup No. 3 (fiktif)', postalCode: '40512',
        regionCode: '32.77.03.1003', latitude: -6.8440, longitude: 107.5460, schedules: puskesmasHours(),
      },
      {
        key: 'persalinan', name: 'Ruang Bersalin Puskesmas Kenanga', addressLine: 'Jl. Contoh Citeureup No. 3A (fiktif)',
        postalCode: '40512', regionCode: '32.77.03.1003', latitude: -6.8443, longitude: 107.5463, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Pengobatan TB dan Kusta',
        description: 'Penemuan kasus, pengobatan dan pemantauan minum obat TB dan kusta, termasuk pencegahan disabilitas.',
        needCategories: ['CACAT_BEKAS_PENYAKIT_KRONIS', 'KELUARGA_FAKIR_MISKIN'], serviceTypes: ['LAYANAN_MEDIS', 'PENDAMPINGAN'],
        requiredDocuments: ['KTP'], free: true, languages: ['id', 'su'], areaCodes: ['32.77.03'], at: ['utama'], verifiedDaysAgo: 33,
      },
      {
        name: 'Persalinan 24 Jam (PONED)',
        description: 'Pertolongan persalinan normal dan kegawatdaruratan obstetri dasar.',
        needCategories: ['KELUARGA_RENTAN', 'WANITA_RAWAN_SOSIAL_EKONOMI'], serviceTypes: ['LAYANAN_MEDIS'], sex: 'FEMALE',
        requiredDocuments: ['KTP', 'BPJS/KIS'], free: true, languages: ['id', 'su'], areaCodes: ['32.77.03', '32.77.02'],
        at: ['persalinan'], verifiedDaysAgo: 14,
      },
    ],
  },
  {
    key: 'ppa-cimahi',
    name: 'Unit PPA Polresta Cimahi Raya',
    partnerKind: 'KEPOLISIAN',
    description: 'Unit Pelayanan Perempuan dan Anak (satuan fiktif): laporan, penyidikan dan permintaan visum kasus kekerasan.',
    ...web('ppa-cimahi'),
    phones: [phone(161, 'piket 24 jam')],
    legalStatus: 'Instansi vertikal',
    regionCode: '32.77.02.1001',
    referralContact: contact('ppa-cimahi', 'Bripka Lestari (fiktif)', 'Penyidik PPA', 162),
    locations: [
      {
        key: 'markas', name: 'Ruang Pelayanan Khusus PPA', addressLine: 'Jl. Contoh Baros No. 77 (fiktif)', postalCode: '40521',
        regionCode: '32.77.02.1001', latitude: -6.8885, longitude: 107.5370, accessibility: 'Ruang tertutup ramah anak',
        schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Pengaduan dan Penyidikan Kekerasan terhadap Perempuan dan Anak',
        description: 'Penerimaan laporan 24 jam, pemeriksaan di ruang pelayanan khusus, permintaan visum dan perlindungan saksi korban.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'LANSIA_KORBAN_KEKERASAN', 'PEKERJA_MIGRAN_TERLANTAR'],
        serviceTypes: ['PELAPORAN_POLISI', 'PERLINDUNGAN', 'RUJUKAN'], requiredDocuments: [], free: true, languages: ['id', 'su'],
        areaCodes: [CIMAHI], acceptanceDeadline: { emergencyMinutes: 30, urgentMinutes: 6 * 60 },
        at: ['markas'], verifiedDaysAgo: 7,
      },
    ],
  },
  {
    key: 'lbh-sekar',
    name: 'LBH Sekar Keadilan Cimahi',
    partnerKind: 'LBH',
    description: 'Lembaga bantuan hukum (fiktif) terakreditasi untuk bantuan hukum cuma-cuma bagi warga miskin.',
    ...web('lbh-sekar'),
    phones: [phone(171)],
    legalStatus: 'Yayasan',
    regionCode: '32.77.02.1003',
    referralContact: contact('lbh-sekar', 'Andi Firmansyah, S.H. (fiktif)', 'Advokat', 172),
    locations: [
      {
        key: 'kantor', name: 'Kantor LBH Sekar Keadilan', addressLine: 'Jl. Contoh Karangmekar No. 19 (fiktif)', postalCode: '40523',
        regionCode: '32.77.02.1003', latitude: -6.8700, longitude: 107.5530, schedules: ngoHours(),
      },
    ],
    services: [
      {
        name: 'Bantuan Hukum Cuma-cuma',
        description: 'Konsultasi hukum, pendampingan di kepolisian dan pengadilan untuk perkara pidana, perdata dan keluarga.',
        needCategories: ['WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN', 'BEKAS_NARAPIDANA', 'KELUARGA_FAKIR_MISKIN', 'PEKERJA_MIGRAN_TERLANTAR'],
        serviceTypes: ['BANTUAN_HUKUM', 'KONSULTASI', 'PENDAMPINGAN'], requiredDocuments: ['KTP', 'SKTM'], free: true,
        languages: ['id', 'su', 'en'], areaCodes: [CIMAHI, '32.17'], acceptanceDeadline: { routineMinutes: 5 * 24 * 60 },
        at: ['kantor'], verifiedDaysAgo: 50,
      },
    ],
  },
  {
    key: 'rumah-teduh',
    name: 'Yayasan Rumah Teduh Perempuan',
    partnerKind: 'LSM',
    description: 'LSM (fiktif) pengelola rumah aman bagi perempuan dan anak korban kekerasan. Lokasi rumah aman dirahasiakan.',
    ...web('rumah-teduh'),
    phones: [phone(181, 'hotline 24 jam')],
    legalStatus: 'Yayasan',
    regionCode: '32.77.01.1005',
    referralContact: contact('rumah-teduh', 'Nur Aini (fiktif)', 'Manajer kasus', 182),
    locations: [
      {
        key: 'sekretariat', name: 'Sekretariat Rumah Teduh', addressLine: 'Jl. Contoh Cibeber No. 5 (fiktif)', postalCode: '40531',
        regionCode: '32.77.01.1005', latitude: -6.9000, longitude: 107.5380, schedules: ngoHours('08:00', '16:00'),
      },
      {
        key: 'rumah-aman', name: 'Rumah Aman Teduh', description: 'Alamat hanya untuk pengelola dan koordinator.',
        addressLine: 'Alamat dirahasiakan (fiktif)', regionCode: '32.77.03.1004', latitude: -6.8420, longitude: 107.5300,
        confidential: true, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Rumah Aman Perempuan dan Anak Korban Kekerasan',
        description: 'Penampungan sementara yang aman, konseling trauma dan pendampingan hukum. Penerimaan 24 jam melalui hotline.',
        needCategories: ['WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN'], serviceTypes: ['RUMAH_PERLINDUNGAN', 'PERLINDUNGAN', 'KONSELING', 'PENDAMPINGAN'],
        requiredDocuments: [], free: true, languages: ['id', 'su', 'jv'], areaCodes: [CIMAHI, BANDUNG, '32.17'],
        capacity: { available: 2, maximum: 8, unit: 'tempat tidur' }, acceptanceDeadline: { emergencyMinutes: 60 },
        at: ['rumah-aman'], verifiedDaysAgo: 4,
      },
      {
        name: 'Konseling dan Kelompok Dukungan Penyintas',
        description: 'Konseling individu dan kelompok dukungan sebaya bagi penyintas kekerasan dalam rumah tangga.',
        needCategories: ['WANITA_KORBAN_KEKERASAN', 'KELUARGA_BERMASALAH_PSIKOLOGIS'], serviceTypes: ['KONSELING', 'BIMBINGAN_KELOMPOK'],
        minimumAge: 18, sex: 'FEMALE', requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: [CIMAHI],
        at: ['sekretariat'], verifiedDaysAgo: 95,
      },
    ],
  },
  {
    key: 'panti-tunas-harapan',
    name: 'Panti Sosial Asuhan Anak Tunas Harapan',
    partnerKind: 'PANTI_SOSIAL',
    description: 'Lembaga kesejahteraan sosial anak (fiktif): pengasuhan pengganti berbasis panti dan dukungan reunifikasi keluarga.',
    ...web('panti-tunas-harapan'),
    phones: [phone(191)],
    legalStatus: 'Yayasan',
    regionCode: '32.77.02.1005',
    referralContact: contact('panti-tunas-harapan', 'Ibu Wati (fiktif)', 'Pengasuh kepala', 192),
    locations: [
      {
        key: 'panti', name: 'Panti Tunas Harapan', addressLine: 'Jl. Contoh Padasuka No. 21 (fiktif)', postalCode: '40526',
        regionCode: '32.77.02.1005', latitude: -6.8640, longitude: 107.5400, schedules: dailyHours('08:00', '17:00'),
      },
    ],
    services: [
      {
        name: 'Pengasuhan Pengganti Anak',
        description: 'Pengasuhan, pendidikan dan kesehatan anak terlantar atau yatim piatu; rencana reunifikasi keluarga.',
        needCategories: ['ANAK_TERLANTAR', 'ANAK_BALITA_TERLANTAR'], serviceTypes: ['PENGASUHAN_PENGGANTI', 'PENDIDIKAN'],
        minimumAge: 0, maximumAge: 17, requiredDocuments: ['KK', 'Akta Kelahiran', 'Surat pengantar Dinas Sosial'], free: true,
        languages: ['id', 'su'], areaCodes: [CIMAHI], capacity: { available: 3, maximum: 40, unit: 'anak' },
        acceptanceDeadline: { routineMinutes: 7 * 24 * 60 }, at: ['panti'], verifiedDaysAgo: 22,
      },
    ],
  },
  {
    key: 'panti-budi-lestari',
    name: 'Panti Werdha Budi Lestari',
    partnerKind: 'PANTI_SOSIAL',
    description: 'Panti sosial lanjut usia (fiktif) dengan perawatan harian dan pendampingan lansia terlantar.',
    ...web('panti-budi-lestari'),
    phones: [phone(201)],
    legalStatus: 'Yayasan',
    regionCode: '32.77.01.1004',
    referralContact: contact('panti-budi-lestari', 'Pak Ujang (fiktif)', 'Pekerja sosial panti', 202),
    locations: [
      {
        key: 'panti', name: 'Panti Werdha Budi Lestari', addressLine: 'Jl. Contoh Leuwigajah No. 9 (fiktif)', postalCode: '40532',
        regionCode: '32.77.01.1004', latitude: -6.8960, longitude: 107.5180, accessibility: 'Satu lantai, pegangan di semua lorong',
        schedules: dailyHours('09:00', '16:00'),
      },
    ],
    services: [
      {
        name: 'Perawatan Lansia Terlantar dalam Panti',
        description: 'Tempat tinggal, makan, perawatan kesehatan dan kegiatan sosial bagi lansia tanpa keluarga.',
        needCategories: ['LANSIA_TERLANTAR', 'LANSIA_KORBAN_KEKERASAN'], serviceTypes: ['PENGASUHAN_PENGGANTI', 'REHABILITASI_SOSIAL'],
        minimumAge: 60, requiredDocuments: ['KTP', 'Surat pengantar Dinas Sosial'], free: true, languages: ['id', 'su', 'jv'],
        areaCodes: [CIMAHI], capacity: { available: 0, maximum: 25, unit: 'tempat tidur' }, at: ['panti'], verifiedDaysAgo: 35,
      },
      {
        name: 'Layanan Harian Lansia (Day Care)',
        description: 'Kegiatan harian, makan siang dan pemeriksaan kesehatan sederhana bagi lansia yang tinggal bersama keluarga.',
        needCategories: ['LANSIA_TERLANTAR'], serviceTypes: ['PENITIPAN_ANAK', 'BIMBINGAN_KELOMPOK'], minimumAge: 60,
        requiredDocuments: ['KTP'], free: false, costDescription: 'Iuran sukarela Rp 50.000 per bulan', languages: ['id', 'su'],
        areaCodes: ['32.77.01'], status: 'TEMPORARILY_CLOSED', at: ['panti'], verifiedDaysAgo: 120,
      },
    ],
  },
  {
    key: 'sinar-asih',
    name: 'Yayasan Peduli Disabilitas Sinar Asih',
    partnerKind: 'LSM',
    description: 'Organisasi sosial (fiktif) untuk rehabilitasi berbasis masyarakat dan advokasi hak penyandang disabilitas.',
    ...web('sinar-asih'),
    phones: [phone(211)],
    legalStatus: 'Yayasan',
    regionCode: '32.77.02.1002',
    referralContact: contact('sinar-asih', 'Hendra Gunawan (fiktif)', 'Koordinator RBM', 212),
    locations: [
      {
        key: 'pusat', name: 'Pusat RBM Sinar Asih', addressLine: 'Jl. Contoh Cigugur No. 14 (fiktif)', postalCode: '40522',
        regionCode: '32.77.02.1002', latitude: -6.8830, longitude: 107.5560, accessibility: 'Ramp, guiding block, juru bahasa isyarat (Selasa)',
        schedules: monSat('08:00', '15:00'),
      },
    ],
    services: [
      {
        name: 'Rehabilitasi Berbasis Masyarakat',
        description: 'Kunjungan rumah, latihan aktivitas sehari-hari, alat bantu dan pendataan penyandang disabilitas.',
        needCategories: ['PENYANDANG_CACAT', 'ANAK_CACAT', 'CACAT_BEKAS_PENYAKIT_KRONIS'], serviceTypes: ['REHABILITASI_SOSIAL', 'PENJANGKAUAN', 'PENDAMPINGAN'],
        requiredDocuments: ['KTP', 'KK'], free: true, languages: ['id', 'su'], areaCodes: [CIMAHI], at: ['pusat'], verifiedDaysAgo: 18,
      },
      {
        name: 'Pelatihan Kerja dan Usaha Mandiri Disabilitas',
        description: 'Pelatihan menjahit, kerajinan dan pemasaran daring bagi penyandang disabilitas usia kerja.',
        needCategories: ['PENYANDANG_CACAT'], serviceTypes: ['PELATIHAN_KERJA', 'PEMBERDAYAAN_EKONOMI'], minimumAge: 17, maximumAge: 45,
        requiredDocuments: ['KTP'], free: true, languages: ['id', 'su'], areaCodes: [CIMAHI, BANDUNG],
        capacity: { available: 6, maximum: 20, unit: 'peserta per angkatan' }, at: ['pusat'], verifiedDaysAgo: 230,
      },
    ],
  },
  {
    key: 'slb-mutiara',
    name: 'SLB Mutiara Bangsa Cimahi',
    partnerKind: 'SEKOLAH',
    description: 'Sekolah luar biasa (fiktif) jenjang SD sampai SMA untuk anak tunarungu, tunagrahita dan autis.',
    ...web('slb-mutiara'),
    phones: [phone(221)],
    legalStatus: 'Sekolah swasta',
    regionCode: '32.77.03.1001',
    referralContact: contact('slb-mutiara', 'Ibu Ratna (fiktif)', 'Wakil kepala sekolah', 222),
    locations: [
      {
        key: 'sekolah', name: 'Kampus SLB Mutiara Bangsa', addressLine: 'Jl. Contoh Pasirkaliki No. 30 (fiktif)', postalCode: '40514',
        regionCode: '32.77.03.1001', latitude: -6.8600, longitude: 107.5420, schedules: schoolHours(),
      },
    ],
    services: [
      {
        name: 'Pendidikan Khusus Anak Berkebutuhan Khusus',
        description: 'Pendidikan khusus dengan asesmen awal, program pembelajaran individual dan terapi di sekolah.',
        needCategories: ['ANAK_CACAT'], serviceTypes: ['PENDIDIKAN'], minimumAge: 6, maximumAge: 18,
        requiredDocuments: ['KK', 'Akta Kelahiran', 'Hasil asesmen psikolog'], free: false, costDescription: 'SPP Rp 200.000 per bulan; beasiswa SKTM',
        languages: ['id', 'su'], areaCodes: [CIMAHI, '32.17'], capacity: { available: 5, maximum: 120, unit: 'siswa' },
        at: ['sekolah'], verifiedDaysAgo: 150,
      },
    ],
  },
  {
    key: 'pkbm-cahaya',
    name: 'PKBM Cahaya Ilmu',
    partnerKind: 'SEKOLAH',
    description: 'Pusat kegiatan belajar masyarakat (fiktif): pendidikan kesetaraan Paket A, B dan C.',
    ...web('pkbm-cahaya'),
    phones: [phone(231)],
    legalStatus: 'Yayasan',
    regionCode: '32.77.01.1002',
    referralContact: contact('pkbm-cahaya', 'Asep Saepudin (fiktif)', 'Ketua PKBM', 232),
    locations: [
      {
        key: 'pkbm', name: 'Gedung PKBM Cahaya Ilmu', addressLine: 'Jl. Contoh Cibeureum No. 66 (fiktif)', postalCode: '40535',
        regionCode: '32.77.01.1002', latitude: -6.8990, longitude: 107.5600, schedules: eveningHours(),
      },
    ],
    services: [
      {
        name: 'Pendidikan Kesetaraan Paket A, B, C',
        description: 'Kelas sore dan akhir pekan bagi anak putus sekolah, anak jalanan dan warga binaan yang kembali ke masyarakat.',
        needCategories: ['ANAK_JALANAN', 'ANAK_TERLANTAR', 'BEKAS_NARAPIDANA', 'WANITA_RAWAN_SOSIAL_EKONOMI'], serviceTypes: ['PENDIDIKAN'],
        minimumAge: 7, requiredDocuments: ['KK', 'Ijazah terakhir (jika ada)'], free: true, languages: ['id', 'su'],
        areaCodes: [CIMAHI, BANDUNG], at: ['pkbm'], verifiedDaysAgo: 64,
      },
    ],
  },
  {
    key: 'kel-cibabat',
    name: 'Kelurahan Cibabat',
    partnerKind: 'PEMERINTAH_DESA',
    description: 'Pemerintah kelurahan: surat keterangan, pendataan warga miskin dan Puskesos kelurahan.',
    ...web('kel-cibabat'),
    phones: [phone(241)],
    legalStatus: 'Perangkat daerah',
    regionCode: '32.77.03.1002',
    referralContact: contact('kel-cibabat', 'Sekretaris Kelurahan (fiktif)', 'Sekretaris Kelurahan', 242),
    locations: [
      {
        key: 'kantor', name: 'Kantor Kelurahan Cibabat', addressLine: 'Jl. Contoh Kelurahan No. 2 (fiktif)', postalCode: '40513',
        regionCode: '32.77.03.1002', latitude: -6.8582, longitude: 107.5511, schedules: officeHours(),
      },
    ],
    services: [
      {
        name: 'Surat Keterangan Tidak Mampu (SKTM) dan Pendataan DTKS',
        description: 'Penerbitan SKTM, surat domisili dan pengusulan warga ke Data Terpadu Kesejahteraan Sosial.',
        needCategories: ['KELUARGA_FAKIR_MISKIN', 'RUMAH_TIDAK_LAYAK_HUNI', 'LANSIA_TERLANTAR'], serviceTypes: ['INFORMASI', 'BANTUAN_SOSIAL'],
        requiredDocuments: ['KTP', 'KK', 'Surat pengantar RT/RW'], free: true, languages: ['id', 'su'], areaCodes: ['32.77.03.1002'],
        acceptsReferrals: false, at: ['kantor'], verifiedDaysAgo: 300,
      },
    ],
  },
  {
    key: 'kel-melong',
    name: 'Kelurahan Melong',
    partnerKind: 'PEMERINTAH_DESA',
    description: 'Pemerintah kelurahan dengan Pusat Kesejahteraan Sosial (Puskesos) dan kader pendamping lansia.',
    ...web('kel-melong'),
    phones: [phone(251)],
    legalStatus: 'Perangkat daerah',
    regionCode: '32.77.01.1001',
    referralContact: contact('kel-melong', 'Kasi Kesos (fiktif)', 'Kepala Seksi Kesejahteraan Sosial', 252),
    locations: [
      {
        key: 'kantor', name: 'Kantor Kelurahan Melong', addressLine: 'Jl. Contoh Melong Raya No. 1 (fiktif)', postalCode: '40534',
        regionCode: '32.77.01.1001', latitude: -6.9105, longitude: 107.5462, schedules: officeHours(),
      },
    ],
    services: [
      {
        name: 'Puskesos Kelurahan Melong',
        description: 'Pengaduan dan penanganan awal masalah sosial warga, kunjungan rumah oleh kader, rujukan ke Dinas Sosial.',
        needCategories: ['KELUARGA_FAKIR_MISKIN', 'LANSIA_TERLANTAR', 'PENYANDANG_CACAT', 'KELUARGA_RENTAN', 'ANAK_TERLANTAR'],
        serviceTypes: ['INFORMASI', 'PENJANGKAUAN', 'RUJUKAN'], requiredDocuments: ['KTP'], free: true, languages: ['id', 'su'],
        areaCodes: ['32.77.01.1001'], at: ['kantor'], verifiedDaysAgo: 55,
      },
    ],
  },
  {
    key: 'pelita-baru',
    name: 'Klinik Rehabilitasi NAPZA Pelita Baru',
    partnerKind: 'LSM',
    description: 'Institusi penerima wajib lapor (fiktif): rehabilitasi rawat jalan dan rawat inap bagi pecandu NAPZA.',
    ...web('pelita-baru'),
    phones: [phone(261)],
    legalStatus: 'Yayasan',
    regionCode: '32.77.03.1004',
    referralContact: contact('pelita-baru', 'Rudi Hartono (fiktif)', 'Konselor adiksi', 262),
    locations: [
      {
        key: 'klinik', name: 'Klinik Pelita Baru', addressLine: 'Jl. Contoh Cipageran No. 88 (fiktif)', postalCode: '40511',
        regionCode: '32.77.03.1004', latitude: -6.8405, longitude: 107.5322, schedules: monSat('08:00', '17:00'),
      },
    ],
    services: [
      {
        name: 'Rehabilitasi NAPZA Rawat Inap',
        description: 'Program residensial enam bulan: detoksifikasi, therapeutic community dan persiapan kembali ke keluarga.',
        needCategories: ['KORBAN_NAPZA'], serviceTypes: ['REHABILITASI_NAPZA', 'KONSELING'], minimumAge: 15,
        requiredDocuments: ['KTP', 'KK', 'Surat keterangan wajib lapor'], free: false, costDescription: 'Gratis bagi peserta program pemerintah; umum Rp 3.000.000 per bulan',
        languages: ['id', 'su', 'jv'], areaCodes: [JABAR], capacity: { available: 1, maximum: 24, unit: 'tempat tidur' },
        at: ['klinik'], verifiedDaysAgo: 80,
      },
      {
        name: 'Rawat Jalan dan Konseling Adiksi',
        description: 'Konseling individu dan keluarga, tes urin dan kelompok dukungan bagi pengguna NAPZA.',
        needCategories: ['KORBAN_NAPZA', 'KELUARGA_BERMASALAH_PSIKOLOGIS'], serviceTypes: ['REHABILITASI_NAPZA', 'KONSELING', 'BIMBINGAN_KELOMPOK'],
        minimumAge: 12, requiredDocuments: ['KTP'], free: true, languages: ['id', 'su'], areaCodes: [CIMAHI, BANDUNG],
        at: ['klinik'], verifiedDaysAgo: 28,
      },
    ],
  },
  {
    key: 'sahabat-positif',
    name: 'Komunitas Sahabat Positif Cimahi',
    partnerKind: 'LSM',
    description: 'Kelompok dukungan sebaya (fiktif) bagi orang dengan HIV/AIDS dan keluarganya.',
    ...web('sahabat-positif'),
    phones: [phone(271)],
    legalStatus: 'Perkumpulan',
    regionCode: '32.77.02.1006',
    referralContact: contact('sahabat-positif', 'Koordinator KDS (fiktif)', 'Pendamping sebaya', 272),
    locations: [
      {
        key: 'basecamp', name: 'Basecamp Sahabat Positif', addressLine: 'Jl. Contoh Gang Damai No. 4 (fiktif)', postalCode: '40525',
        regionCode: '32.77.02.1006', latitude: -6.8701, longitude: 107.5448, schedules: eveningHours(),
      },
    ],
    services: [
      {
        name: 'Pendampingan Sebaya ODHA',
        description: 'Pendampingan akses ARV, kunjungan rumah, dukungan kepatuhan obat dan penguatan keluarga.',
        needCategories: ['ODHA'], serviceTypes: ['PENDAMPINGAN', 'KONSELING', 'BIMBINGAN_KELOMPOK'], requiredDocuments: [], free: true,
        languages: ['id', 'su'], areaCodes: [CIMAHI, BANDUNG, '32.17'], at: ['basecamp'], verifiedDaysAgo: 17,
      },
    ],
  },
  {
    key: 'bina-usaha-perempuan',
    name: 'LSM Bina Usaha Perempuan Cimahi',
    partnerKind: 'LSM',
    description: 'Pemberdayaan ekonomi perempuan (fiktif): pelatihan usaha, kelompok simpan pinjam dan pendampingan pemasaran.',
    ...web('bina-usaha-perempuan'),
    phones: [phone(281)],
    legalStatus: 'Perkumpulan',
    regionCode: '32.77.01.1002',
    referralContact: contact('bina-usaha-perempuan', 'Siti Rohmah (fiktif)', 'Fasilitator', 282),
    locations: [
      {
        key: 'sanggar', name: 'Sanggar Usaha Perempuan', addressLine: 'Jl. Contoh Cibeureum No. 12 (fiktif)', postalCode: '40535',
        regionCode: '32.77.01.1002', latitude: -6.8975, longitude: 107.5584, schedules: ngoHours('09:00', '15:00'),
      },
    ],
    services: [
      {
        name: 'Pelatihan Usaha dan Kelompok Simpan Pinjam Perempuan',
        description: 'Pelatihan produksi makanan dan jahit, modal bergulir dan pendampingan usaha mikro.',
        needCategories: ['WANITA_RAWAN_SOSIAL_EKONOMI', 'WANITA_KORBAN_KEKERASAN', 'KELUARGA_FAKIR_MISKIN'],
        serviceTypes: ['PEMBERDAYAAN_EKONOMI', 'PELATIHAN_KERJA'], minimumAge: 18, sex: 'FEMALE', requiredDocuments: ['KTP', 'KK'],
        free: true, languages: ['id', 'su'], areaCodes: [CIMAHI], capacity: { available: 12, maximum: 30, unit: 'peserta per angkatan' },
        at: ['sanggar'], verifiedDaysAgo: 42,
      },
    ],
  },
  {
    key: 'forum-patbm-cimahi',
    name: 'Forum Warga Peduli Anak Cimahi (PATBM)',
    partnerKind: 'LAINNYA',
    description: 'Forum tokoh masyarakat dan kader (fiktif): perlindungan anak terpadu berbasis masyarakat di tingkat RW.',
    ...web('forum-patbm-cimahi'),
    phones: [phone(291)],
    legalStatus: 'Forum warga',
    regionCode: '32.77.02.1003',
    referralContact: contact('forum-patbm-cimahi', 'Ustadz Hasan (fiktif)', 'Ketua forum', 292),
    locations: [
      {
        key: 'balai', name: 'Balai Warga RW 05 Karangmekar', addressLine: 'Jl. Contoh RW 05 (fiktif)', postalCode: '40523',
        regionCode: '32.77.02.1003', latitude: -6.8688, longitude: 107.5512, schedules: [{ weekday: 6, opensAt: '16:00', closesAt: '21:00' }, { weekday: 7, opensAt: '08:00', closesAt: '12:00' }],
      },
    ],
    services: [
      {
        name: 'Pos Pengaduan dan Penjangkauan Anak Berbasis Masyarakat',
        description: 'Kader menerima laporan warga, menjangkau anak dan keluarga, lalu merujuk ke LK3, Dinas Sosial atau Unit PPA.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'ANAK_TERLANTAR', 'ANAK_JALANAN'], serviceTypes: ['PENJANGKAUAN', 'INFORMASI', 'RUJUKAN'],
        maximumAge: 17, requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: ['32.77.02'],
        at: ['balai'], verifiedDaysAgo: 200,
      },
    ],
  },

  // ------------------------------------------------------------------ Kota Bandung
  {
    key: 'dinsos-bandung',
    name: 'Dinas Sosial Kota Bandung',
    partnerKind: 'DINAS_SOSIAL',
    description: 'Dinas sosial kota: pekerja sosial, penanganan PPKS, bantuan sosial dan pemulangan pekerja migran terlantar.',
    ...web('dinsos-bandung'),
    phones: [phone(301), phone(302, 'pengaduan')],
    legalStatus: 'Perangkat daerah',
    regionCode: '32.73.19.1002',
    referralContact: contact('dinsos-bandung', 'Yanti Sumarni (fiktif)', 'Koordinator Pekerja Sosial', 303),
    locations: [
      {
        key: 'kantor', name: 'Kantor Dinas Sosial Kota Bandung', addressLine: 'Jl. Contoh Merdeka No. 10 (fiktif)', postalCode: '40117',
        regionCode: '32.73.19.1002', latitude: -6.9110, longitude: 107.6100, accessibility: 'Ramp dan lift', schedules: officeHours(),
      },
      {
        key: 'rumah-singgah', name: 'Rumah Singgah Dinas Sosial', addressLine: 'Jl. Contoh Ciroyom No. 3 (fiktif)', postalCode: '40182',
        regionCode: '32.73.05.1003', latitude: -6.9140, longitude: 107.5870, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Manajemen Kasus Pekerja Sosial Kota Bandung',
        description: 'Asesmen, rencana intervensi, rujukan dan pemantauan kasus kesejahteraan sosial.',
        needCategories: ['ANAK_TERLANTAR', 'ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'LANSIA_TERLANTAR', 'PENYANDANG_CACAT',
          'KELUARGA_FAKIR_MISKIN', 'BEKAS_NARAPIDANA', 'TUNA_SUSILA', 'KORBAN_BENCANA_SOSIAL'],
        serviceTypes: ['KONSULTASI', 'RUJUKAN', 'PENDAMPINGAN', 'ADVOKASI'], requiredDocuments: ['KTP', 'KK'], free: true,
        languages: ['id', 'su'], areaCodes: [BANDUNG], at: ['kantor'], verifiedDaysAgo: 15,
      },
      {
        name: 'Penampungan Sementara PPKS Jalanan',
        description: 'Penampungan sementara, makan, pemeriksaan kesehatan dan asesmen bagi gelandangan, pengemis dan anak jalanan hasil penjangkauan.',
        needCategories: ['GELANDANGAN', 'PENGEMIS', 'ANAK_JALANAN', 'GELANDANGAN_PSIKOTIK'], serviceTypes: ['PERLINDUNGAN', 'PENJANGKAUAN', 'RUJUKAN'],
        requiredDocuments: [], free: true, languages: ['id', 'su', 'jv'], areaCodes: [BANDUNG],
        capacity: { available: 6, maximum: 30, unit: 'tempat tidur' }, at: ['rumah-singgah'], verifiedDaysAgo: 10,
      },
      {
        name: 'Pemulangan Pekerja Migran dan Warga Terlantar',
        description: 'Pemulangan ke daerah asal bagi pekerja migran bermasalah dan warga terlantar, bersama BP2MI dan dinas asal.',
        needCategories: ['PEKERJA_MIGRAN_TERLANTAR', 'KORBAN_BENCANA_SOSIAL'], serviceTypes: ['BANTUAN_SOSIAL', 'RUJUKAN', 'PENDAMPINGAN'],
        minimumAge: 18, requiredDocuments: ['Paspor atau KTP'], free: true, languages: ['id', 'su', 'jv', 'en'], areaCodes: [JABAR],
        at: ['kantor'], verifiedDaysAgo: 70,
      },
    ],
  },
  {
    key: 'lk3-sekar-melati',
    name: 'LK3 Sekar Melati Kota Bandung',
    partnerKind: 'LK3',
    description: 'Lembaga Konsultasi Kesejahteraan Keluarga (fiktif) untuk konseling keluarga, anak dan remaja.',
    ...web('lk3-sekar-melati'),
    phones: [phone(311)],
    legalStatus: 'Lembaga di bawah Dinas Sosial',
    regionCode: '32.73.13.1006',
    referralContact: contact('lk3-sekar-melati', 'Maya Puspita, M.Psi. (fiktif)', 'Psikolog', 312),
    locations: [
      {
        key: 'kantor', name: 'Ruang Konseling LK3 Sekar Melati', addressLine: 'Jl. Contoh Malabar No. 27 (fiktif)', postalCode: '40262',
        regionCode: '32.73.13.1006', latitude: -6.9270, longitude: 107.6260, schedules: [...ngoHours('08:00', '16:00'), { weekday: 6, opensAt: '09:00', closesAt: '13:00' }],
      },
    ],
    services: [
      {
        name: 'Konseling Keluarga, Anak dan Remaja',
        description: 'Konseling dan konsultasi psikososial untuk konflik keluarga, pengasuhan, kenakalan remaja dan trauma.',
        needCategories: ['KELUARGA_BERMASALAH_PSIKOLOGIS', 'ANAK_NAKAL', 'ANAK_KORBAN_KEKERASAN', 'KELUARGA_RENTAN'],
        serviceTypes: ['KONSELING', 'KONSULTASI', 'PENDIDIKAN_KELUARGA', 'RUJUKAN'], requiredDocuments: ['KTP'], free: true,
        languages: ['id', 'su', 'en'], areaCodes: [BANDUNG], at: ['kantor'], verifiedDaysAgo: 21,
      },
      {
        name: 'Penjangkauan Keluarga Rentan',
        description: 'Kunjungan rumah dan pendampingan keluarga muda rentan serta keluarga dengan anak balita terlantar.',
        needCategories: ['KELUARGA_RENTAN', 'ANAK_BALITA_TERLANTAR'], serviceTypes: ['PENJANGKAUAN', 'PENDAMPINGAN'],
        requiredDocuments: ['KK'], free: true, languages: ['id', 'su'], areaCodes: ['32.73.13', '32.73.11', '32.73.12', '32.73.22'],
        at: ['kantor'], verifiedDaysAgo: 245,
      },
    ],
  },
  {
    key: 'lk3-mitra-keluarga',
    name: 'LK3 Mitra Keluarga Bandung Timur',
    partnerKind: 'LK3',
    description: 'LK3 (fiktif) berbasis masyarakat di Bandung bagian timur dengan layanan malam untuk pekerja.',
    ...web('lk3-mitra-keluarga'),
    phones: [phone(321)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.14.1003',
    referralContact: contact('lk3-mitra-keluarga', 'Rahmat Kurnia (fiktif)', 'Konselor', 322),
    locations: [
      {
        key: 'kantor', name: 'Sekretariat LK3 Mitra Keluarga', addressLine: 'Jl. Contoh Cicadas No. 40 (fiktif)', postalCode: '40121',
        regionCode: '32.73.14.1003', latitude: -6.9060, longitude: 107.6440, schedules: eveningHours(),
      },
    ],
    services: [
      {
        name: 'Konseling Keluarga Sore dan Malam',
        description: 'Konseling keluarga dan perkawinan di luar jam kerja bagi keluarga pekerja.',
        needCategories: ['KELUARGA_BERMASALAH_PSIKOLOGIS', 'WANITA_KORBAN_KEKERASAN', 'KELUARGA_RENTAN'], serviceTypes: ['KONSELING', 'KONSULTASI'],
        requiredDocuments: [], free: true, languages: ['id', 'su', 'jv'], areaCodes: ['32.73.14', '32.73.16', '32.73.20', '32.73.30', '32.73.24'],
        at: ['kantor'], verifiedDaysAgo: 48,
      },
    ],
  },
  {
    key: 'rsud-sukaharja',
    name: 'RSUD Sukaharja Kota Bandung',
    partnerKind: 'RUMAH_SAKIT',
    description: 'Rumah sakit umum daerah (fiktif) dengan IGD 24 jam dan Pusat Krisis Terpadu bagi korban kekerasan.',
    ...web('rsud-sukaharja'),
    phones: [phone(331), phone(332, 'IGD')],
    legalStatus: 'BLUD',
    regionCode: '32.73.16.1005',
    referralContact: contact('rsud-sukaharja', 'dr. Fajar Ramadhan (fiktif)', 'Koordinator Pusat Krisis', 333),
    locations: [
      {
        key: 'igd', name: 'IGD RSUD Sukaharja', addressLine: 'Jl. Contoh Kiaracondong No. 150 (fiktif)', postalCode: '40283',
        regionCode: '32.73.16.1005', latitude: -6.9230, longitude: 107.6470, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Instalasi Gawat Darurat 24 Jam RSUD Sukaharja',
        description: 'Gawat darurat medis dan trauma sepanjang waktu, termasuk pasien terlantar tanpa identitas.',
        needCategories: ['GELANDANGAN', 'GELANDANGAN_PSIKOTIK', 'ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'KORBAN_NAPZA',
          'KORBAN_BENCANA_ALAM', 'KELUARGA_FAKIR_MISKIN'],
        serviceTypes: ['LAYANAN_MEDIS'], requiredDocuments: [], free: true, costDescription: 'Gratis bagi peserta JKN/KIS dan PPKS rujukan Dinas Sosial',
        languages: ['id', 'su', 'en'], areaCodes: [BANDUNG, CIMAHI], at: ['igd'], verifiedDaysAgo: 11,
      },
      {
        name: 'Pusat Krisis Terpadu Perempuan dan Anak',
        description: 'Pemeriksaan medis, visum et repertum, konseling psikolog dan rujukan ke rumah aman.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'TUNA_SUSILA'], serviceTypes: ['VISUM', 'LAYANAN_MEDIS', 'KONSELING', 'RUJUKAN'],
        requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: [BANDUNG], acceptanceDeadline: { emergencyMinutes: 60 },
        at: ['igd'], verifiedDaysAgo: 19,
      },
    ],
  },
  {
    key: 'rsj-graha-tenang',
    name: 'Rumah Sakit Jiwa Graha Tenang',
    partnerKind: 'RUMAH_SAKIT',
    description: 'Rumah sakit jiwa (fiktif) rujukan provinsi untuk rawat inap psikiatri dan rehabilitasi psikososial.',
    ...web('rsj-graha-tenang'),
    phones: [phone(341)],
    legalStatus: 'UPTD Provinsi',
    regionCode: '32.73.01.1002',
    referralContact: contact('rsj-graha-tenang', 'Ns. Dewi Lestari (fiktif)', 'Perawat koordinator rujukan', 342),
    locations: [
      {
        key: 'rs', name: 'RSJ Graha Tenang', addressLine: 'Jl. Contoh Gegerkalong No. 99 (fiktif)', postalCode: '40153',
        regionCode: '32.73.01.1002', latitude: -6.8710, longitude: 107.5880, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Rawat Inap Psikiatri',
        description: 'Perawatan akut gangguan jiwa, termasuk orang terlantar dengan gangguan jiwa rujukan dinas sosial.',
        needCategories: ['GELANDANGAN_PSIKOTIK', 'KORBAN_NAPZA', 'KELUARGA_BERMASALAH_PSIKOLOGIS'], serviceTypes: ['KESEHATAN_JIWA', 'LAYANAN_MEDIS'],
        minimumAge: 12, requiredDocuments: ['BPJS/KIS', 'Surat rujukan'], free: true, languages: ['id', 'su'], areaCodes: [JABAR],
        capacity: { available: 0, maximum: 60, unit: 'tempat tidur' }, at: ['rs'], verifiedDaysAgo: 27,
      },
      {
        name: 'Rehabilitasi Psikososial Rawat Jalan',
        description: 'Terapi okupasi, kelompok keluarga dan persiapan kembali ke masyarakat bagi penyintas gangguan jiwa.',
        needCategories: ['GELANDANGAN_PSIKOTIK', 'PENYANDANG_CACAT'], serviceTypes: ['REHABILITASI_SOSIAL', 'KESEHATAN_JIWA', 'BIMBINGAN_KELOMPOK'],
        minimumAge: 17, requiredDocuments: ['KTP', 'BPJS/KIS'], free: true, languages: ['id', 'su'], areaCodes: [BANDUNG, CIMAHI, '32.17', '32.04'],
        at: ['rs'], verifiedDaysAgo: 88,
      },
    ],
  },
  {
    key: 'rsia-permata',
    name: 'RSIA Permata Hati Bandung',
    partnerKind: 'RUMAH_SAKIT',
    description: 'Rumah sakit ibu dan anak swasta (fiktif).',
    ...web('rsia-permata'),
    phones: [phone(351)],
    legalStatus: 'Perseroan terbatas',
    regionCode: '32.73.22.1002',
    referralContact: contact('rsia-permata', 'Bidan Nia (fiktif)', 'Koordinator pelayanan sosial', 352),
    locations: [
      {
        key: 'rs', name: 'RSIA Permata Hati', addressLine: 'Jl. Contoh Margasari No. 17 (fiktif)', postalCode: '40286',
        regionCode: '32.73.22.1002', latitude: -6.9520, longitude: 107.6450, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Pemeriksaan Anak Korban Kekerasan Seksual',
        description: 'Pemeriksaan dokter spesialis anak dan kandungan, visum, dan tindak lanjut medis bagi anak korban.',
        needCategories: ['ANAK_KORBAN_KEKERASAN'], serviceTypes: ['VISUM', 'LAYANAN_MEDIS'], maximumAge: 17, requiredDocuments: [],
        free: false, costDescription: 'Dibebaskan bila ada surat Unit PPA; umum sesuai tarif', languages: ['id', 'su', 'en'],
        areaCodes: [BANDUNG], at: ['rs'], verifiedDaysAgo: 58,
      },
      {
        name: 'Kelas Ibu Hamil dan Konseling Laktasi',
        description: 'Kelas persiapan persalinan, konseling menyusui dan pengasuhan bayi bagi keluarga muda.',
        needCategories: ['KELUARGA_RENTAN'], serviceTypes: ['PENDIDIKAN_KELUARGA', 'KONSELING'], sex: 'FEMALE', requiredDocuments: [],
        free: false, costDescription: 'Rp 75.000 per kelas', languages: ['id', 'su', 'en'], areaCodes: [BANDUNG], acceptsReferrals: false,
        at: ['rs'], verifiedDaysAgo: 12,
      },
    ],
  },
  {
    key: 'puskesmas-anggrek',
    name: 'Puskesmas Anggrek Regol',
    partnerKind: 'PUSKESMAS',
    description: 'Puskesmas (fiktif) dengan layanan umum, KIA dan pos pelayanan terpadu korban kekerasan.',
    ...web('puskesmas-anggrek'),
    phones: [phone(361)],
    legalStatus: 'UPTD Dinas Kesehatan',
    regionCode: '32.73.11.1002',
    referralContact: contact('puskesmas-anggrek', 'dr. Lina Marlina (fiktif)', 'Dokter penanggung jawab', 362),
    locations: [
      {
        key: 'utama', name: 'Puskesmas Anggrek', addressLine: 'Jl. Contoh Ancol No. 6 (fiktif)', postalCode: '40254',
        regionCode: '32.73.11.1002', latitude: -6.9350, longitude: 107.6090, schedules: puskesmasHours(),
      },
    ],
    services: [
      {
        name: 'Pelayanan Kesehatan Dasar dan Rujukan',
        description: 'Pemeriksaan umum, pengobatan dasar, rujukan ke rumah sakit dan pemeriksaan awal korban kekerasan.',
        needCategories: ['KELUARGA_FAKIR_MISKIN', 'LANSIA_TERLANTAR', 'WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN', 'ANAK_BALITA_TERLANTAR'],
        serviceTypes: ['LAYANAN_MEDIS', 'RUJUKAN'], requiredDocuments: ['KTP', 'BPJS/KIS'], free: true, languages: ['id', 'su'],
        areaCodes: ['32.73.11'], at: ['utama'], verifiedDaysAgo: 36,
      },
    ],
  },
  {
    key: 'puskesmas-dahlia',
    name: 'Puskesmas Dahlia Kiaracondong',
    partnerKind: 'PUSKESMAS',
    description: 'Puskesmas (fiktif) dengan klinik VCT, layanan PKPR dan program rumatan metadon.',
    ...web('puskesmas-dahlia'),
    phones: [phone(371)],
    legalStatus: 'UPTD Dinas Kesehatan',
    regionCode: '32.73.16.1001',
    referralContact: contact('puskesmas-dahlia', 'Ns. Agus (fiktif)', 'Konselor VCT', 372),
    locations: [
      {
        key: 'utama', name: 'Puskesmas Dahlia', addressLine: 'Jl. Contoh Sukapura No. 11 (fiktif)', postalCode: '40285',
        regionCode: '32.73.16.1001', latitude: -6.9300, longitude: 107.6480, schedules: puskesmasHours(),
      },
    ],
    services: [
      {
        name: 'Layanan VCT dan Rumatan Metadon',
        description: 'Tes HIV dengan konseling, terapi ARV, program terapi rumatan metadon bagi pengguna NAPZA suntik.',
        needCategories: ['ODHA', 'KORBAN_NAPZA'], serviceTypes: ['LAYANAN_MEDIS', 'KONSELING', 'REHABILITASI_NAPZA'], minimumAge: 18,
        requiredDocuments: ['KTP'], free: true, languages: ['id', 'su'], areaCodes: [BANDUNG], at: ['utama'], verifiedDaysAgo: 66,
      },
      {
        name: 'PKPR Remaja Kiaracondong',
        description: 'Layanan kesehatan peduli remaja: konseling, kesehatan reproduksi dan pencegahan NAPZA.',
        needCategories: ['ANAK_NAKAL', 'KORBAN_NAPZA', 'ANAK_JALANAN'], serviceTypes: ['KONSELING', 'INFORMASI'], minimumAge: 10, maximumAge: 19,
        requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: ['32.73.16'], status: 'INACTIVE',
        at: ['utama'], verifiedDaysAgo: 320,
      },
    ],
  },
  {
    key: 'ppa-bandung',
    name: 'Unit PPA Polrestabes Bandung Raya',
    partnerKind: 'KEPOLISIAN',
    description: 'Unit Pelayanan Perempuan dan Anak (satuan fiktif) untuk laporan dan penyidikan kekerasan, perdagangan orang dan eksploitasi.',
    ...web('ppa-bandung'),
    phones: [phone(381, 'piket 24 jam')],
    legalStatus: 'Instansi vertikal',
    regionCode: '32.73.19.1001',
    referralContact: contact('ppa-bandung', 'Ipda Sari Wulandari (fiktif)', 'Kanit PPA', 382),
    locations: [
      {
        key: 'rpk', name: 'Ruang Pelayanan Khusus PPA Bandung', addressLine: 'Jl. Contoh Braga No. 100 (fiktif)', postalCode: '40111',
        regionCode: '32.73.19.1001', latitude: -6.9170, longitude: 107.6090, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Pelaporan dan Penyidikan Kasus Perempuan dan Anak',
        description: 'Laporan 24 jam, pemeriksaan ramah anak, permintaan visum, penanganan perdagangan orang dan eksploitasi anak.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'TUNA_SUSILA', 'PEKERJA_MIGRAN_TERLANTAR', 'LANSIA_KORBAN_KEKERASAN'],
        serviceTypes: ['PELAPORAN_POLISI', 'PERLINDUNGAN', 'RUJUKAN'], requiredDocuments: [], free: true, languages: ['id', 'su', 'en'],
        areaCodes: [BANDUNG], acceptanceDeadline: { emergencyMinutes: 30, urgentMinutes: 6 * 60 }, at: ['rpk'], verifiedDaysAgo: 6,
      },
    ],
  },
  {
    key: 'lbh-suara-rakyat',
    name: 'LBH Suara Rakyat Bandung',
    partnerKind: 'LBH',
    description: 'Lembaga bantuan hukum (fiktif) dengan jangkauan seluruh Jawa Barat untuk perkara struktural dan individual.',
    ...web('lbh-suara-rakyat'),
    phones: [phone(391)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.02.1004',
    referralContact: contact('lbh-suara-rakyat', 'Bayu Pratama, S.H. (fiktif)', 'Kepala divisi bantuan hukum', 392),
    locations: [
      {
        key: 'kantor', name: 'Kantor LBH Suara Rakyat', addressLine: 'Jl. Contoh Dago No. 55 (fiktif)', postalCode: '40135',
        regionCode: '32.73.02.1004', latitude: -6.8850, longitude: 107.6140, schedules: ngoHours('09:00', '17:00'),
      },
    ],
    services: [
      {
        name: 'Bantuan Hukum Warga Miskin Jawa Barat',
        description: 'Konsultasi, mediasi dan pendampingan litigasi bagi warga miskin, pekerja migran dan mantan warga binaan.',
        needCategories: ['KELUARGA_FAKIR_MISKIN', 'PEKERJA_MIGRAN_TERLANTAR', 'BEKAS_NARAPIDANA', 'KORBAN_BENCANA_SOSIAL', 'KOMUNITAS_ADAT_TERPENCIL'],
        serviceTypes: ['BANTUAN_HUKUM', 'KONSULTASI', 'ADVOKASI'], requiredDocuments: ['KTP', 'SKTM'], free: true,
        languages: ['id', 'su', 'jv', 'en'], areaCodes: [JABAR], acceptanceDeadline: { routineMinutes: 10 * 24 * 60 },
        at: ['kantor'], verifiedDaysAgo: 31,
      },
    ],
  },
  {
    key: 'lbh-srikandi',
    name: 'LBH Perempuan Srikandi',
    partnerKind: 'LBH',
    description: 'LBH khusus perempuan dan anak (fiktif): pendampingan hukum korban kekerasan berbasis gender.',
    ...web('lbh-srikandi'),
    phones: [phone(401)],
    legalStatus: 'Perkumpulan',
    regionCode: '32.73.09.1003',
    referralContact: contact('lbh-srikandi', 'Ratih Anggraeni, S.H. (fiktif)', 'Advokat', 402),
    locations: [
      {
        key: 'kantor', name: 'Kantor LBH Srikandi', addressLine: 'Jl. Contoh Citarum No. 8 (fiktif)', postalCode: '40115',
        regionCode: '32.73.09.1003', latitude: -6.9040, longitude: 107.6200, schedules: ngoHours('08:30', '16:30'),
      },
    ],
    services: [
      {
        name: 'Pendampingan Hukum Korban Kekerasan Berbasis Gender',
        description: 'Pendampingan pelaporan, pemeriksaan, persidangan dan pemulihan hak korban KDRT, kekerasan seksual dan anak.',
        needCategories: ['WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN', 'TUNA_SUSILA'], serviceTypes: ['BANTUAN_HUKUM', 'PENDAMPINGAN', 'ADVOKASI'],
        requiredDocuments: ['KTP'], free: true, languages: ['id', 'su'], areaCodes: [BANDUNG, CIMAHI], at: ['kantor'], verifiedDaysAgo: 23,
      },
    ],
  },
  {
    key: 'griya-lindung',
    name: 'Yayasan Griya Lindung',
    partnerKind: 'LSM',
    description: 'LSM (fiktif) pengelola rumah aman provinsi untuk korban kekerasan dan perdagangan orang. Lokasi dirahasiakan.',
    ...web('griya-lindung'),
    phones: [phone(411, 'hotline 24 jam')],
    legalStatus: 'Yayasan',
    regionCode: '32.73.12.1008',
    referralContact: contact('griya-lindung', 'Fitri Handayani (fiktif)', 'Manajer rumah aman', 412),
    locations: [
      {
        key: 'kantor', name: 'Kantor Griya Lindung', addressLine: 'Jl. Contoh Binong No. 2 (fiktif)', postalCode: '40275',
        regionCode: '32.73.12.1008', latitude: -6.9280, longitude: 107.6400, schedules: ngoHours('09:00', '16:00'),
      },
      {
        key: 'rumah-aman', name: 'Rumah Aman Griya Lindung', addressLine: 'Alamat dirahasiakan (fiktif)', regionCode: '32.73.22.1003',
        latitude: -6.9470, longitude: 107.6400, confidential: true, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Rumah Aman Korban Kekerasan dan Perdagangan Orang',
        description: 'Perlindungan sementara, pemulihan psikologis, pendampingan hukum dan reintegrasi bagi perempuan dan anak korban.',
        needCategories: ['WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN', 'PEKERJA_MIGRAN_TERLANTAR', 'TUNA_SUSILA'],
        serviceTypes: ['RUMAH_PERLINDUNGAN', 'PERLINDUNGAN', 'KONSELING', 'PENDAMPINGAN'], requiredDocuments: [], free: true,
        languages: ['id', 'su', 'jv', 'en'], areaCodes: [JABAR], capacity: { available: 0, maximum: 12, unit: 'tempat tidur' },
        acceptanceDeadline: { emergencyMinutes: 90 }, at: ['rumah-aman'], verifiedDaysAgo: 8,
      },
    ],
  },
  {
    key: 'rpsa-bina-ceria',
    name: 'Rumah Perlindungan Sosial Anak Bina Ceria',
    partnerKind: 'PANTI_SOSIAL',
    description: 'RPSA (fiktif): perlindungan sementara anak korban kekerasan, penelantaran dan eksploitasi. Lokasi dirahasiakan.',
    ...web('rpsa-bina-ceria'),
    phones: [phone(421, 'hotline 24 jam')],
    legalStatus: 'UPTD Dinas Sosial Provinsi',
    regionCode: '32.73.07.1001',
    referralContact: contact('rpsa-bina-ceria', 'Pekerja sosial jaga (fiktif)', 'Pekerja sosial', 422),
    locations: [
      {
        key: 'rpsa', name: 'RPSA Bina Ceria', addressLine: 'Alamat dirahasiakan (fiktif)', regionCode: '32.73.07.1004',
        latitude: -6.8950, longitude: 107.5880, confidential: true, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Perlindungan Sementara Anak',
        description: 'Tempat aman, asesmen pekerja sosial, konseling psikolog dan pengasuhan sementara sampai ada keputusan pengasuhan.',
        needCategories: ['ANAK_KORBAN_KEKERASAN', 'ANAK_TERLANTAR', 'ANAK_JALANAN', 'ANAK_BALITA_TERLANTAR'],
        serviceTypes: ['RUMAH_PERLINDUNGAN', 'PERLINDUNGAN', 'PENGASUHAN_PENGGANTI', 'KONSELING'], minimumAge: 0, maximumAge: 17,
        requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: [JABAR], capacity: { available: 4, maximum: 20, unit: 'anak' },
        acceptanceDeadline: { emergencyMinutes: 60, urgentMinutes: 8 * 60 }, at: ['rpsa'], verifiedDaysAgo: 13,
      },
    ],
  },
  {
    key: 'panti-wyata-karya',
    name: 'Panti Sosial Bina Daksa Wyata Karya',
    partnerKind: 'PANTI_SOSIAL',
    description: 'Panti rehabilitasi sosial (fiktif) bagi penyandang disabilitas fisik dan netra usia produktif, dengan asrama.',
    ...web('panti-wyata-karya'),
    phones: [phone(431)],
    legalStatus: 'UPTD Dinas Sosial Provinsi',
    regionCode: '32.73.06.1003',
    referralContact: contact('panti-wyata-karya', 'Bambang Setiawan (fiktif)', 'Pekerja sosial', 432),
    locations: [
      {
        key: 'panti', name: 'Asrama dan Bengkel Kerja Wyata Karya', addressLine: 'Jl. Contoh Pajajaran No. 52 (fiktif)', postalCode: '40171',
        regionCode: '32.73.06.1003', latitude: -6.9060, longitude: 107.5960, accessibility: 'Guiding block, ramp, asrama aksesibel',
        schedules: officeHours(),
      },
    ],
    services: [
      {
        name: 'Rehabilitasi Sosial dan Vokasional Disabilitas',
        description: 'Program asrama satu tahun: orientasi mobilitas, keterampilan kerja (pijat, komputer bicara, servis elektronik) dan penempatan kerja.',
        needCategories: ['PENYANDANG_CACAT', 'CACAT_BEKAS_PENYAKIT_KRONIS'], serviceTypes: ['REHABILITASI_SOSIAL', 'PELATIHAN_KERJA'],
        minimumAge: 15, maximumAge: 35, requiredDocuments: ['KTP', 'KK', 'Surat keterangan dokter', 'Surat pengantar Dinas Sosial'], free: true,
        languages: ['id', 'su', 'jv'], areaCodes: [JABAR], capacity: { available: 8, maximum: 80, unit: 'tempat asrama' },
        acceptanceDeadline: { routineMinutes: 14 * 24 * 60 }, at: ['panti'], verifiedDaysAgo: 90,
      },
    ],
  },
  {
    key: 'panti-sejahtera-senja',
    name: 'Panti Sosial Tresna Werdha Sejahtera Senja',
    partnerKind: 'PANTI_SOSIAL',
    description: 'Panti lansia (fiktif) dengan perawatan jangka panjang dan ruang perawatan lansia terlantar sakit.',
    ...web('panti-sejahtera-senja'),
    phones: [phone(441)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.22.1001',
    referralContact: contact('panti-sejahtera-senja', 'Ibu Kokom (fiktif)', 'Kepala pengasuhan', 442),
    locations: [
      {
        key: 'panti', name: 'Panti Sejahtera Senja', addressLine: 'Jl. Contoh Sekejati No. 70 (fiktif)', postalCode: '40286',
        regionCode: '32.73.22.1001', latitude: -6.9440, longitude: 107.6520, schedules: dailyHours('08:00', '18:00'),
      },
    ],
    services: [
      {
        name: 'Pengasuhan Lansia dalam Panti',
        description: 'Tempat tinggal, makan, perawatan harian dan kesehatan bagi lansia terlantar atau korban penelantaran keluarga.',
        needCategories: ['LANSIA_TERLANTAR', 'LANSIA_KORBAN_KEKERASAN'], serviceTypes: ['PENGASUHAN_PENGGANTI', 'PERLINDUNGAN'], minimumAge: 60,
        requiredDocuments: ['KTP', 'Surat pengantar Dinas Sosial'], free: true, languages: ['id', 'su'], areaCodes: [BANDUNG, CIMAHI],
        capacity: { available: 2, maximum: 50, unit: 'tempat tidur' }, at: ['panti'], verifiedDaysAgo: 205,
      },
    ],
  },
  {
    key: 'panti-kasih-bunda',
    name: 'Panti Asuhan Kasih Bunda',
    partnerKind: 'PANTI_SOSIAL',
    description: 'LKSA (fiktif) untuk anak yatim, piatu dan terlantar, dengan program pengasuhan berbasis keluarga.',
    ...web('panti-kasih-bunda'),
    phones: [phone(451)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.05.1005',
    referralContact: contact('panti-kasih-bunda', 'Ibu Hana (fiktif)', 'Pengurus', 452),
    locations: [
      {
        key: 'panti', name: 'Panti Asuhan Kasih Bunda', addressLine: 'Jl. Contoh Garuda No. 9 (fiktif)', postalCode: '40184',
        regionCode: '32.73.05.1005', latitude: -6.9130, longitude: 107.5760, schedules: dailyHours('09:00', '16:00'),
      },
    ],
    services: [
      {
        name: 'Pengasuhan Anak Yatim dan Terlantar',
        description: 'Pengasuhan di panti, sekolah formal, dan penelusuran keluarga untuk pengasuhan kerabat.',
        needCategories: ['ANAK_TERLANTAR', 'ANAK_JALANAN'], serviceTypes: ['PENGASUHAN_PENGGANTI', 'PENDIDIKAN'], minimumAge: 5, maximumAge: 17,
        requiredDocuments: ['KK', 'Akta Kelahiran'], free: true, languages: ['id', 'su'], areaCodes: [BANDUNG],
        capacity: { available: 0, maximum: 35, unit: 'anak' }, at: ['panti'], verifiedDaysAgo: 44,
      },
    ],
  },
  {
    key: 'rumah-singgah-jalan-pulang',
    name: 'Yayasan Rumah Singgah Jalan Pulang',
    partnerKind: 'LSM',
    description: 'LSM (fiktif) untuk anak jalanan: rumah singgah, penjangkauan malam dan kembali ke sekolah.',
    ...web('rumah-singgah-jalan-pulang'),
    phones: [phone(461)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.05.1003',
    referralContact: contact('rumah-singgah-jalan-pulang', 'Kang Dadan (fiktif)', 'Pendamping lapangan', 462),
    locations: [
      {
        key: 'singgah', name: 'Rumah Singgah Jalan Pulang', addressLine: 'Jl. Contoh Ciroyom No. 31 (fiktif)', postalCode: '40182',
        regionCode: '32.73.05.1003', latitude: -6.9148, longitude: 107.5889, schedules: dailyHours('10:00', '20:00'),
      },
      {
        key: 'stasiun', name: 'Pos Penjangkauan Stasiun', addressLine: 'Sekitar stasiun (fiktif)', regionCode: '32.73.05.1004',
        latitude: -6.9140, longitude: 107.6010, schedules: nightOutreach(),
      },
    ],
    services: [
      {
        name: 'Rumah Singgah Anak Jalanan',
        description: 'Tempat singgah siang, makan, mandi, belajar dan konseling; pendampingan kembali ke keluarga dan sekolah.',
        needCategories: ['ANAK_JALANAN', 'ANAK_TERLANTAR'], serviceTypes: ['PERLINDUNGAN', 'PENDAMPINGAN', 'PENDIDIKAN', 'KONSELING'],
        minimumAge: 6, maximumAge: 18, requiredDocuments: [], free: true, languages: ['id', 'su', 'jv'], areaCodes: [BANDUNG, CIMAHI],
        capacity: { available: 10, maximum: 25, unit: 'anak per hari' }, at: ['singgah'], verifiedDaysAgo: 16,
      },
      {
        name: 'Penjangkauan Malam Anak dan Remaja Jalanan',
        description: 'Tim malam menjangkau anak dan remaja di sekitar stasiun dan terminal pada malam Sabtu dan Minggu.',
        needCategories: ['ANAK_JALANAN', 'TUNA_SUSILA', 'KORBAN_NAPZA'], serviceTypes: ['PENJANGKAUAN', 'INFORMASI', 'RUJUKAN'],
        minimumAge: 10, maximumAge: 21, requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: ['32.73.05', '32.73.19', '32.73.06'],
        at: ['stasiun'], verifiedDaysAgo: 37,
      },
    ],
  },
  {
    key: 'lentera-sebaya',
    name: 'Yayasan Lentera Sebaya',
    partnerKind: 'LSM',
    description: 'LSM (fiktif) pengurangan dampak buruk NAPZA dan pendampingan ODHA berbasis komunitas.',
    ...web('lentera-sebaya'),
    phones: [phone(471)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.09.1001',
    referralContact: contact('lentera-sebaya', 'Tommy (fiktif)', 'Manajer program', 472),
    locations: [
      {
        key: 'drop-in', name: 'Drop-in Center Lentera', addressLine: 'Jl. Contoh Cihapit No. 14 (fiktif)', postalCode: '40114',
        regionCode: '32.73.09.1001', latitude: -6.9080, longitude: 107.6250, schedules: [...ngoHours('10:00', '19:00'), { weekday: 6, opensAt: '10:00', closesAt: '14:00' }],
      },
    ],
    services: [
      {
        name: 'Pengurangan Dampak Buruk dan Rujukan Rehabilitasi',
        description: 'Penjangkauan pengguna NAPZA, konseling adiksi, rujukan ke IPWL dan layanan metadon.',
        needCategories: ['KORBAN_NAPZA'], serviceTypes: ['PENJANGKAUAN', 'KONSELING', 'RUJUKAN'], minimumAge: 15, requiredDocuments: [],
        free: true, languages: ['id', 'su', 'en'], areaCodes: [BANDUNG, CIMAHI], at: ['drop-in'], verifiedDaysAgo: 51,
      },
      {
        name: 'Manajemen Kasus HIV Berbasis Komunitas',
        description: 'Pendampingan ODHA baru, dukungan kepatuhan ARV, dan kelompok dukungan keluarga.',
        needCategories: ['ODHA'], serviceTypes: ['PENDAMPINGAN', 'BIMBINGAN_KELOMPOK', 'ADVOKASI'], requiredDocuments: [], free: true,
        languages: ['id', 'su', 'en'], areaCodes: [BANDUNG], at: ['drop-in'], verifiedDaysAgo: 270,
      },
    ],
  },
  {
    key: 'langkah-baru',
    name: 'Yayasan Langkah Baru',
    partnerKind: 'LSM',
    description: 'LSM (fiktif) reintegrasi sosial mantan warga binaan pemasyarakatan: pelatihan, pekerjaan, dukungan keluarga.',
    ...web('langkah-baru'),
    phones: [phone(481)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.12.1002',
    referralContact: contact('langkah-baru', 'Irfan (fiktif)', 'Pendamping reintegrasi', 482),
    locations: [
      {
        key: 'bengkel', name: 'Bengkel Kerja Langkah Baru', addressLine: 'Jl. Contoh Maleer No. 25 (fiktif)', postalCode: '40274',
        regionCode: '32.73.12.1002', latitude: -6.9300, longitude: 107.6330, schedules: monSat('08:00', '16:00'),
      },
    ],
    services: [
      {
        name: 'Reintegrasi Sosial Mantan Warga Binaan',
        description: 'Pelatihan las, otomotif dan barista, bantuan dokumen kependudukan, konseling dan penyaluran kerja.',
        needCategories: ['BEKAS_NARAPIDANA'], serviceTypes: ['PELATIHAN_KERJA', 'PENDAMPINGAN', 'PEMBERDAYAAN_EKONOMI'], minimumAge: 18,
        requiredDocuments: ['Surat keterangan bebas dari Lapas/Bapas'], free: true, languages: ['id', 'su', 'jv'], areaCodes: [BANDUNG, CIMAHI],
        capacity: { available: 5, maximum: 15, unit: 'peserta per angkatan' }, at: ['bengkel'], verifiedDaysAgo: 62,
      },
    ],
  },
  {
    key: 'sekolah-bintang-kecil',
    name: 'Sekolah Terbuka Bintang Kecil',
    partnerKind: 'SEKOLAH',
    description: 'Sekolah dasar terbuka (fiktif) untuk anak pekerja dan anak jalanan, dengan jadwal fleksibel.',
    ...web('sekolah-bintang-kecil'),
    phones: [phone(491)],
    legalStatus: 'Sekolah swasta',
    regionCode: '32.73.14.1004',
    referralContact: contact('sekolah-bintang-kecil', 'Pak Guru Iwan (fiktif)', 'Kepala sekolah', 492),
    locations: [
      {
        key: 'sekolah', name: 'Sekolah Terbuka Bintang Kecil', addressLine: 'Jl. Contoh Sukamaju No. 3 (fiktif)', postalCode: '40121',
        regionCode: '32.73.14.1004', latitude: -6.9000, longitude: 107.6420, schedules: schoolHours(),
      },
    ],
    services: [
      {
        name: 'Sekolah Dasar Terbuka dan Bimbingan Belajar',
        description: 'Kelas SD terbuka, bimbingan belajar dan pendataan anak putus sekolah untuk kembali ke sekolah formal.',
        needCategories: ['ANAK_JALANAN', 'ANAK_TERLANTAR', 'KELUARGA_FAKIR_MISKIN'], serviceTypes: ['PENDIDIKAN'], minimumAge: 6, maximumAge: 15,
        requiredDocuments: ['KK'], free: true, languages: ['id', 'su'], areaCodes: [BANDUNG], at: ['sekolah'], verifiedDaysAgo: 100,
      },
    ],
  },
  {
    key: 'kel-babakan-sari',
    name: 'Kelurahan Babakan Sari',
    partnerKind: 'PEMERINTAH_DESA',
    description: 'Pemerintah kelurahan: surat keterangan, pos pengaduan warga dan kader PKK pendamping keluarga.',
    ...web('kel-babakan-sari'),
    phones: [phone(501)],
    legalStatus: 'Perangkat daerah',
    regionCode: '32.73.16.1005',
    referralContact: contact('kel-babakan-sari', 'Kasi Kesos (fiktif)', 'Kepala Seksi Kesejahteraan Sosial', 502),
    locations: [
      {
        key: 'kantor', name: 'Kantor Kelurahan Babakan Sari', addressLine: 'Jl. Contoh Babakan Sari No. 1 (fiktif)', postalCode: '40283',
        regionCode: '32.73.16.1005', latitude: -6.9215, longitude: 107.6455, schedules: officeHours(),
      },
    ],
    services: [
      {
        name: 'Surat Keterangan dan Pengaduan Warga',
        description: 'Penerbitan SKTM dan surat domisili, serta penerimaan pengaduan masalah sosial untuk dirujuk ke Dinas Sosial.',
        needCategories: ['KELUARGA_FAKIR_MISKIN', 'RUMAH_TIDAK_LAYAK_HUNI', 'KELUARGA_RENTAN', 'LANSIA_TERLANTAR'],
        serviceTypes: ['INFORMASI', 'RUJUKAN'], requiredDocuments: ['KTP', 'KK', 'Surat pengantar RT/RW'], free: true, languages: ['id', 'su'],
        areaCodes: ['32.73.16.1005'], at: ['kantor'], verifiedDaysAgo: 140,
      },
    ],
  },
  {
    key: 'siaga-parahyangan',
    name: 'Relawan Tanggap Bencana Siaga Parahyangan',
    partnerKind: 'LSM',
    description: 'Organisasi relawan (fiktif) untuk tanggap darurat bencana, dapur umum, hunian sementara dan dukungan psikososial.',
    ...web('siaga-parahyangan'),
    phones: [phone(511, 'posko 24 jam')],
    legalStatus: 'Perkumpulan',
    regionCode: '32.73.26',
    referralContact: contact('siaga-parahyangan', 'Komandan posko (fiktif)', 'Koordinator posko', 512),
    locations: [
      {
        key: 'posko', name: 'Posko Siaga Parahyangan', addressLine: 'Jl. Contoh Ujungberung No. 200 (fiktif)', postalCode: '40611',
        regionCode: '32.73.26', latitude: -6.9130, longitude: 107.7000, schedules: allDay(),
      },
    ],
    services: [
      {
        name: 'Tanggap Darurat dan Dukungan Psikososial Bencana',
        description: 'Evakuasi, dapur umum, hunian sementara, layanan dukungan psikososial dan pendataan korban bencana.',
        needCategories: ['KORBAN_BENCANA_ALAM', 'DAERAH_RAWAN_BENCANA', 'KORBAN_BENCANA_SOSIAL'],
        serviceTypes: ['PERLINDUNGAN', 'BANTUAN_SOSIAL', 'KONSELING', 'PENJANGKAUAN'], requiredDocuments: [], free: true,
        languages: ['id', 'su', 'jv'], areaCodes: [JABAR], acceptanceDeadline: { emergencyMinutes: 45 }, at: ['posko'], verifiedDaysAgo: 3,
      },
    ],
  },
  {
    key: 'pasundan-adat',
    name: 'Yayasan Pendamping Masyarakat Adat Pasundan',
    partnerKind: 'LSM',
    description: 'LSM (fiktif) berkantor di Bandung yang mendampingi komunitas adat terpencil di Jawa Barat.',
    ...web('pasundan-adat'),
    phones: [phone(521)],
    legalStatus: 'Yayasan',
    regionCode: '32.73.02.1005',
    referralContact: contact('pasundan-adat', 'Abah Engkos (fiktif)', 'Pendamping komunitas', 522),
    locations: [
      {
        key: 'kantor', name: 'Sekretariat Pendamping Masyarakat Adat', addressLine: 'Jl. Contoh Sekeloa No. 4 (fiktif)', postalCode: '40134',
        regionCode: '32.73.02.1005', latitude: -6.8890, longitude: 107.6190, schedules: ngoHours('09:00', '16:00'),
      },
    ],
    services: [
      {
        name: 'Pemberdayaan dan Advokasi Komunitas Adat Terpencil',
        description: 'Pendampingan administrasi kependudukan, akses layanan dasar, dan pemberdayaan ekonomi komunitas adat.',
        needCategories: ['KOMUNITAS_ADAT_TERPENCIL', 'DAERAH_RAWAN_BENCANA'], serviceTypes: ['ADVOKASI', 'PEMBERDAYAAN_EKONOMI', 'PENJANGKAUAN'],
        requiredDocuments: [], free: true, languages: ['id', 'su'], areaCodes: [JABAR], at: ['kantor'], verifiedDaysAgo: 365,
      },
    ],
  },
];

/** One user per role (partner staff at a hospital and at a shelter); all share DEMO_PASSWORD. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'koordinator@rujuk.example.org', name: 'Koordinator Jejaring Cimahi (demo)', role: 'COORDINATOR', organization: 'dinsos-cimahi', regionScope: CIMAHI },
  { email: 'supervisor@rujuk.example.org', name: 'Supervisor Pekerja Sosial Cimahi (demo)', role: 'SUPERVISOR', organization: 'dinsos-cimahi', regionScope: CIMAHI },
  { email: 'manajer.kasus@rujuk.example.org', name: 'Manajer Kasus Dinas Sosial Cimahi (demo)', role: 'CASE_MANAGER', organization: 'dinsos-cimahi', regionScope: CIMAHI },
  { email: 'konselor.lk3@rujuk.example.org', name: 'Manajer Kasus LK3 Sekar Melati (demo)', role: 'CASE_MANAGER', organization: 'lk3-sekar-melati', regionScope: BANDUNG },
  { email: 'rsud@rujuk.example.org', name: 'Petugas PPT RSUD Mekarsari (demo)', role: 'PARTNER_STAFF', organization: 'rsud-mekarsari', regionScope: CIMAHI },
  { email: 'rumah.aman@rujuk.example.org', name: 'Petugas Rumah Aman Teduh (demo)', role: 'PARTNER_STAFF', organization: 'rumah-teduh', regionScope: CIMAHI },
];

export const DEMO_ADMIN_EMAIL = 'admin@rujuk.example.org';
/** The demo accounts' password. Demo data only: never load the demo network into a real deployment. */
export const DEMO_PASSWORD = 'rujuk-demo';
