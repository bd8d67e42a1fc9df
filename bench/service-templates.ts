/**
 * The kinds of service the synthetic directory is made of. Each names the partner kinds that offer it, the
 * need categories and service types it draws 1-3 of, eligibility, and whether it tracks capacity. Names and
 * descriptions are Indonesian so that full-text search (stemming, stop words) has something real to rank.
 */
export interface ServiceTemplate {
  name: string;
  kinds: string[];
  cats: string[];
  types: string[];
  description: string;
  minAge?: number;
  maxAge?: number;
  sex?: 'F' | 'M';
  /** Capacity unit when the service usually tracks places. */
  unit?: string;
  /** Shelters: their locations are confidential. */
  confidential?: boolean;
  alwaysFree?: boolean;
  open24h?: boolean;
}

export const SERVICE_TEMPLATES: ServiceTemplate[] = [
  { name: 'Konseling Keluarga', kinds: ['LK3', 'DINAS_SOSIAL', 'LSM', 'PUSKESMAS'], cats: ['KELUARGA_BERMASALAH_PSIKOLOGIS', 'KELUARGA_RENTAN', 'ANAK_NAKAL', 'WANITA_KORBAN_KEKERASAN'], types: ['KONSELING', 'KONSULTASI', 'RUJUKAN'], description: 'Konseling dan konsultasi psikososial untuk keluarga yang mengalami konflik, perceraian atau masalah pengasuhan anak' },
  { name: 'Pendampingan Anak Korban Kekerasan', kinds: ['LSM', 'LK3', 'DINAS_SOSIAL', 'KEPOLISIAN'], cats: ['ANAK_KORBAN_KEKERASAN', 'ANAK_TERLANTAR', 'ANAK_JALANAN'], types: ['PENDAMPINGAN', 'PERLINDUNGAN', 'ADVOKASI', 'RUJUKAN'], description: 'Pendampingan psikososial dan perlindungan bagi anak korban kekerasan, penelantaran dan eksploitasi', maxAge: 18 },
  { name: 'Rumah Aman Perempuan dan Anak', kinds: ['LSM', 'DINAS_SOSIAL', 'PANTI_SOSIAL'], cats: ['WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN'], types: ['RUMAH_PERLINDUNGAN', 'PERLINDUNGAN', 'PENDAMPINGAN'], description: 'Tempat perlindungan sementara yang aman bagi perempuan dan anak korban kekerasan dalam rumah tangga', sex: 'F', unit: 'tempat tidur', confidential: true, alwaysFree: true, open24h: true },
  { name: 'Pemeriksaan Visum et Repertum', kinds: ['RUMAH_SAKIT', 'PUSKESMAS'], cats: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'LANSIA_KORBAN_KEKERASAN'], types: ['VISUM', 'LAYANAN_MEDIS'], description: 'Pemeriksaan medis forensik dan visum bagi korban kekerasan fisik dan seksual atas permintaan penyidik', unit: 'pemeriksaan per hari', open24h: true },
  { name: 'Layanan Kesehatan Jiwa', kinds: ['RUMAH_SAKIT', 'PUSKESMAS'], cats: ['GELANDANGAN_PSIKOTIK', 'KELUARGA_BERMASALAH_PSIKOLOGIS', 'KORBAN_NAPZA'], types: ['KESEHATAN_JIWA', 'LAYANAN_MEDIS', 'KONSELING'], description: 'Pemeriksaan psikiater, psikolog klinis dan rawat jalan bagi orang dengan gangguan jiwa' },
  { name: 'Rehabilitasi Korban NAPZA', kinds: ['PANTI_SOSIAL', 'LSM', 'RUMAH_SAKIT'], cats: ['KORBAN_NAPZA'], types: ['REHABILITASI_NAPZA', 'REHABILITASI_SOSIAL', 'KONSELING'], description: 'Rehabilitasi medis dan sosial bagi pecandu dan korban penyalahgunaan narkotika', minAge: 13, unit: 'tempat tidur' },
  { name: 'Bantuan Hukum Gratis', kinds: ['LBH', 'LSM'], cats: ['WANITA_KORBAN_KEKERASAN', 'ANAK_KORBAN_KEKERASAN', 'KELUARGA_FAKIR_MISKIN', 'PEKERJA_MIGRAN_TERLANTAR', 'BEKAS_NARAPIDANA'], types: ['BANTUAN_HUKUM', 'ADVOKASI', 'KONSULTASI'], description: 'Konsultasi dan pendampingan hukum di kepolisian dan pengadilan bagi warga miskin dan korban kekerasan', alwaysFree: true },
  { name: 'Pelaporan dan Pengaduan Kekerasan', kinds: ['KEPOLISIAN'], cats: ['ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'LANSIA_KORBAN_KEKERASAN'], types: ['PELAPORAN_POLISI', 'PERLINDUNGAN', 'RUJUKAN'], description: 'Penerimaan laporan, penyidikan dan perlindungan saksi untuk kasus kekerasan terhadap perempuan dan anak', alwaysFree: true, open24h: true },
  { name: 'Panti Asuhan Anak', kinds: ['PANTI_SOSIAL', 'LSM'], cats: ['ANAK_TERLANTAR', 'ANAK_BALITA_TERLANTAR', 'ANAK_JALANAN'], types: ['PENGASUHAN_PENGGANTI', 'PENDIDIKAN', 'REHABILITASI_SOSIAL'], description: 'Pengasuhan pengganti, tempat tinggal dan pendidikan bagi anak yatim piatu dan anak terlantar', maxAge: 18, unit: 'anak asuh', open24h: true },
  { name: 'Panti Werdha Lanjut Usia', kinds: ['PANTI_SOSIAL', 'LSM'], cats: ['LANSIA_TERLANTAR', 'LANSIA_KORBAN_KEKERASAN'], types: ['PENGASUHAN_PENGGANTI', 'LAYANAN_MEDIS', 'REHABILITASI_SOSIAL'], description: 'Perawatan harian dan tempat tinggal bagi lansia terlantar tanpa keluarga', minAge: 60, unit: 'tempat tidur', open24h: true },
  { name: 'Rehabilitasi Penyandang Disabilitas', kinds: ['PANTI_SOSIAL', 'LSM', 'DINAS_SOSIAL', 'RUMAH_SAKIT'], cats: ['PENYANDANG_CACAT', 'ANAK_CACAT', 'CACAT_BEKAS_PENYAKIT_KRONIS'], types: ['REHABILITASI_SOSIAL', 'PELATIHAN_KERJA', 'LAYANAN_MEDIS'], description: 'Terapi, alat bantu dan pelatihan keterampilan bagi penyandang disabilitas fisik, netra dan rungu wicara', unit: 'peserta' },
  { name: 'Sekolah Luar Biasa', kinds: ['SEKOLAH'], cats: ['ANAK_CACAT'], types: ['PENDIDIKAN'], description: 'Pendidikan khusus bagi anak berkebutuhan khusus tunanetra, tunarungu dan tunagrahita', minAge: 5, maxAge: 18, unit: 'kursi' },
  { name: 'Beasiswa dan Pendampingan Belajar', kinds: ['SEKOLAH', 'LSM'], cats: ['ANAK_TERLANTAR', 'ANAK_JALANAN', 'KELUARGA_FAKIR_MISKIN'], types: ['PENDIDIKAN', 'BANTUAN_SOSIAL'], description: 'Bantuan biaya sekolah, seragam dan bimbingan belajar bagi anak dari keluarga miskin', minAge: 6, maxAge: 18, alwaysFree: true },
  { name: 'Bantuan Sosial Keluarga Miskin', kinds: ['DINAS_SOSIAL', 'PEMERINTAH_DESA'], cats: ['KELUARGA_FAKIR_MISKIN', 'KELUARGA_RENTAN', 'WANITA_RAWAN_SOSIAL_EKONOMI'], types: ['BANTUAN_SOSIAL', 'JAMINAN_SOSIAL', 'INFORMASI'], description: 'Penyaluran bantuan sosial tunai, sembako dan pendaftaran Program Keluarga Harapan (PKH)', alwaysFree: true },
  { name: 'Pendaftaran Jaminan Kesehatan', kinds: ['DINAS_SOSIAL', 'PUSKESMAS', 'PEMERINTAH_DESA'], cats: ['KELUARGA_FAKIR_MISKIN', 'KELUARGA_RENTAN', 'ODHA', 'LANSIA_TERLANTAR'], types: ['JAMINAN_SOSIAL', 'INFORMASI', 'RUJUKAN'], description: 'Pendaftaran peserta BPJS Kesehatan penerima bantuan iuran dan pengurusan dokumen kependudukan', alwaysFree: true },
  { name: 'Bedah Rumah Tidak Layak Huni', kinds: ['DINAS_SOSIAL', 'PEMERINTAH_DESA', 'LSM'], cats: ['RUMAH_TIDAK_LAYAK_HUNI', 'KELUARGA_FAKIR_MISKIN'], types: ['PERUMAHAN', 'BANTUAN_SOSIAL'], description: 'Perbaikan rumah tidak layak huni bagi keluarga miskin melalui gotong royong warga', unit: 'rumah per tahun', alwaysFree: true },
  { name: 'Pelatihan Keterampilan dan Usaha Ekonomi Produktif', kinds: ['DINAS_SOSIAL', 'LSM', 'LAINNYA'], cats: ['WANITA_RAWAN_SOSIAL_EKONOMI', 'BEKAS_NARAPIDANA', 'PENYANDANG_CACAT', 'TUNA_SUSILA', 'PEKERJA_MIGRAN_TERLANTAR'], types: ['PELATIHAN_KERJA', 'PEMBERDAYAAN_EKONOMI', 'BIMBINGAN_KELOMPOK'], description: 'Pelatihan menjahit, tata boga, bengkel dan modal usaha bagi kelompok usaha bersama', minAge: 17, unit: 'peserta per angkatan' },
  { name: 'Penjangkauan Gelandangan dan Pengemis', kinds: ['DINAS_SOSIAL', 'LSM'], cats: ['GELANDANGAN', 'PENGEMIS', 'ANAK_JALANAN', 'GELANDANGAN_PSIKOTIK'], types: ['PENJANGKAUAN', 'REHABILITASI_SOSIAL', 'RUJUKAN'], description: 'Penjangkauan di jalan, asesmen dan rujukan ke panti bagi gelandangan, pengemis dan orang terlantar', alwaysFree: true },
  { name: 'Tanggap Darurat Bencana', kinds: ['DINAS_SOSIAL', 'LSM', 'PEMERINTAH_DESA'], cats: ['KORBAN_BENCANA_ALAM', 'KORBAN_BENCANA_SOSIAL', 'DAERAH_RAWAN_BENCANA'], types: ['BANTUAN_SOSIAL', 'PERLINDUNGAN', 'PENJANGKAUAN'], description: 'Dapur umum, hunian sementara dan dukungan psikososial bagi pengungsi korban banjir, gempa dan konflik', alwaysFree: true, open24h: true },
  { name: 'Pendampingan Orang dengan HIV/AIDS', kinds: ['LSM', 'PUSKESMAS', 'RUMAH_SAKIT'], cats: ['ODHA'], types: ['PENDAMPINGAN', 'LAYANAN_MEDIS', 'KONSELING'], description: 'Tes HIV sukarela, konseling, pengobatan ARV dan kelompok dukungan sebaya bagi ODHA' },
  { name: 'Pemulangan Pekerja Migran', kinds: ['DINAS_SOSIAL', 'LSM', 'LBH'], cats: ['PEKERJA_MIGRAN_TERLANTAR', 'KORBAN_BENCANA_SOSIAL'], types: ['RUJUKAN', 'BANTUAN_SOSIAL', 'ADVOKASI'], description: 'Pemulangan ke daerah asal, pendampingan dan reintegrasi bagi pekerja migran bermasalah dan korban perdagangan orang', minAge: 18, alwaysFree: true },
  { name: 'Pemberdayaan Komunitas Adat Terpencil', kinds: ['DINAS_SOSIAL', 'LSM'], cats: ['KOMUNITAS_ADAT_TERPENCIL'], types: ['PEMBERDAYAAN_EKONOMI', 'PENDIDIKAN', 'BANTUAN_SOSIAL'], description: 'Pemberdayaan komunitas adat terpencil: permukiman, pendidikan dan penguatan ekonomi', alwaysFree: true },
  { name: 'Penitipan Anak dan PAUD', kinds: ['SEKOLAH', 'LSM', 'PEMERINTAH_DESA'], cats: ['ANAK_BALITA_TERLANTAR', 'WANITA_RAWAN_SOSIAL_EKONOMI'], types: ['PENITIPAN_ANAK', 'PENDIDIKAN'], description: 'Penitipan anak balita dan pendidikan anak usia dini bagi ibu bekerja', maxAge: 6, unit: 'anak' },
  { name: 'Layanan Kesehatan Ibu dan Anak', kinds: ['PUSKESMAS', 'RUMAH_SAKIT'], cats: ['ANAK_BALITA_TERLANTAR', 'WANITA_RAWAN_SOSIAL_EKONOMI', 'KELUARGA_RENTAN'], types: ['LAYANAN_MEDIS', 'PENDIDIKAN_KELUARGA'], description: 'Pemeriksaan kehamilan, imunisasi, gizi balita dan keluarga berencana' },
  { name: 'Pembinaan Anak Berhadapan dengan Hukum', kinds: ['DINAS_SOSIAL', 'LSM', 'KEPOLISIAN', 'LBH'], cats: ['ANAK_NAKAL'], types: ['REHABILITASI_SOSIAL', 'PENDAMPINGAN', 'BANTUAN_HUKUM'], description: 'Diversi, pendampingan dan pembinaan anak yang berhadapan dengan hukum', minAge: 12, maxAge: 18 },
  { name: 'Reintegrasi Mantan Warga Binaan', kinds: ['LSM', 'DINAS_SOSIAL', 'LAINNYA'], cats: ['BEKAS_NARAPIDANA', 'TUNA_SUSILA'], types: ['BIMBINGAN_KELOMPOK', 'PELATIHAN_KERJA', 'PEMBERDAYAAN_EKONOMI'], description: 'Bimbingan sosial dan penyaluran kerja bagi mantan narapidana dan mantan pekerja seks', minAge: 18 },
  { name: 'Posyandu Lansia', kinds: ['PUSKESMAS', 'PEMERINTAH_DESA'], cats: ['LANSIA_TERLANTAR'], types: ['LAYANAN_MEDIS', 'BIMBINGAN_KELOMPOK'], description: 'Pemeriksaan kesehatan berkala, senam dan makanan tambahan bagi lanjut usia', minAge: 60, alwaysFree: true },
  { name: 'Pusat Informasi dan Rujukan Sosial', kinds: ['DINAS_SOSIAL', 'LK3', 'PEMERINTAH_DESA', 'LAINNYA'], cats: ['KELUARGA_RENTAN', 'KELUARGA_FAKIR_MISKIN', 'PENYANDANG_CACAT', 'LANSIA_TERLANTAR'], types: ['INFORMASI', 'RUJUKAN', 'KONSULTASI'], description: 'Layanan informasi, pengaduan dan rujukan untuk masalah kesejahteraan sosial', alwaysFree: true },
  { name: 'Bimbingan Konseling Sekolah', kinds: ['SEKOLAH'], cats: ['ANAK_NAKAL', 'ANAK_KORBAN_KEKERASAN', 'KELUARGA_BERMASALAH_PSIKOLOGIS'], types: ['KONSELING', 'RUJUKAN'], description: 'Konseling siswa, pencegahan perundungan dan rujukan bagi siswa korban kekerasan', minAge: 6, maxAge: 18, alwaysFree: true },
  { name: 'Instalasi Gawat Darurat', kinds: ['RUMAH_SAKIT', 'PUSKESMAS'], cats: ['KORBAN_BENCANA_ALAM', 'ANAK_KORBAN_KEKERASAN', 'WANITA_KORBAN_KEKERASAN', 'GELANDANGAN'], types: ['LAYANAN_MEDIS', 'RUJUKAN'], description: 'Pelayanan gawat darurat 24 jam, ambulans dan rujukan ke rumah sakit', open24h: true },
];

/** Share of organisations per partner kind. */
export const PARTNER_KIND_SHARES: [string, number][] = [
  ['LSM', 0.28], ['PUSKESMAS', 0.15], ['SEKOLAH', 0.12], ['PEMERINTAH_DESA', 0.1], ['PANTI_SOSIAL', 0.08],
  ['RUMAH_SAKIT', 0.06], ['LK3', 0.05], ['LAINNYA', 0.05], ['KEPOLISIAN', 0.04], ['LBH', 0.035], ['DINAS_SOSIAL', 0.025],
];

/** Words for organisation names: "Yayasan Cahaya Harapan", "LK3 Bina Keluarga Sleman". */
export const NAME_WORDS = [
  'Peduli', 'Kasih', 'Harapan', 'Cahaya', 'Bunda', 'Insan', 'Mandiri', 'Sejahtera', 'Bina', 'Amanah', 'Bakti', 'Nusantara',
  'Pelita', 'Sahabat', 'Permata', 'Mitra', 'Sehati', 'Rahmat', 'Berkah', 'Lentera', 'Matahari', 'Tunas', 'Bangsa', 'Kartini',
  'Pertiwi', 'Citra', 'Budi', 'Luhur', 'Damai', 'Sentosa', 'Mulia', 'Karya', 'Sakinah', 'Nurani', 'Pijar', 'Puspita',
  'Sekar', 'Melati', 'Anggrek', 'Garuda', 'Merah Putih', 'Abdi', 'Asih', 'Asuh', 'Keluarga', 'Cinta', 'Pemuda', 'Wanita',
];

export const STREET_WORDS = [
  'Merdeka', 'Sudirman', 'Ahmad Yani', 'Diponegoro', 'Gatot Subroto', 'Pahlawan', 'Veteran', 'Kartini', 'Pemuda',
  'Pasar Baru', 'Raya', 'Siliwangi', 'Hasanuddin', 'Imam Bonjol', 'Cut Nyak Dien', 'Teuku Umar', 'Pattimura', 'Sisingamangaraja',
];

/** Extra sentences appended to descriptions, for variety in the text index. */
export const EXTRA_SENTENCES = [
  'Layanan tanpa biaya bagi warga yang membawa KTP dan Kartu Keluarga.',
  'Menerima rujukan dari pekerja sosial, puskesmas dan kepolisian.',
  'Didukung relawan dan tenaga profesional bersertifikat.',
  'Melayani warga dari desa sekitar dengan kunjungan rumah.',
  'Pendaftaran melalui telepon, WhatsApp atau datang langsung.',
  'Bekerja sama dengan Dinas Sosial dan rumah sakit setempat.',
  'Tersedia penerjemah bahasa daerah dan juru bahasa isyarat.',
  'Prioritas bagi keadaan darurat dan korban kekerasan.',
  'Kegiatan kelompok dukungan sebaya setiap bulan.',
  'Pelayanan keliling ke kecamatan terpencil sebulan sekali.',
];

export const REQUIRED_DOCUMENTS = ['KTP', 'Kartu Keluarga', 'Surat Keterangan Tidak Mampu', 'Surat Rujukan', 'Kartu BPJS', 'Akta Kelahiran'];
