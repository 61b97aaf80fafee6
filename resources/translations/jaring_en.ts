<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>ChoiceField</name>
    <message>
        <source>ketik atau pilih…</source>
        <translation>type or choose…</translation>
    </message>
    <message>
        <source>Ya</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ComplaintTimeline</name>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Diverifikasi</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>Dirujuk</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Ditindaklanjuti</source>
        <translation>Followed up</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Pilih pengaduan untuk melihat riwayatnya.</source>
        <translation>Choose a complaint to see its history.</translation>
    </message>
    <message>
        <source>Riwayat {reference}</source>
        <translation>History of {reference}</translation>
    </message>
    <message>
        <source>kabupaten</source>
        <translation>district</translation>
    </message>
    <message>
        <source>perangkat ini</source>
        <translation>this device</translation>
    </message>
    <message>
        <source>Dirujuk ke: {to}</source>
        <translation>Referred to: {to}</translation>
    </message>
</context>
<context>
    <name>ComplaintsView</name>
    <message>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Umur (hari)</source>
        <translation>Age (days)</translation>
    </message>
    <message>
        <source>Batas waktu</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Atas nama</source>
        <translation>On behalf of</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Pengaduan baru</source>
        <translation>New complaint</translation>
    </message>
    <message>
        <source>TERLAMBAT</source>
        <translation>LATE</translation>
    </message>
    <message>
        <source>{n} pengaduan, {late} terlambat</source>
        <translation>{n} complaints, {late} late</translation>
    </message>
</context>
<context>
    <name>CoverageTab</name>
    <message>
        <source>Setahun penuh</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>&amp;Periode:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>{served} dari {total} orang PPKS terlayani ({start} – {end})</source>
        <translation>{served} of {total} PPKS persons served ({start} – {end})</translation>
    </message>
    <message>
        <source>Persen</source>
        <translation>Percent</translation>
    </message>
    <message>
        <source>Kategori PPKS</source>
        <translation>PPKS categories</translation>
    </message>
    <message>
        <source>Orang PPKS</source>
        <translation>PPKS persons</translation>
    </message>
    <message>
        <source>Terlayani</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Layanan SPM</source>
        <translation>SPM service</translation>
    </message>
    <message>
        <source>Membutuhkan</source>
        <translation>Needed</translation>
    </message>
</context>
<context>
    <name>DraftsView</name>
    <message>
        <source>Isian yang belum selesai, tersimpan otomatis</source>
        <translation>Unfinished forms, saved automatically</translation>
    </message>
    <message>
        <source>Lanjutkan isian</source>
        <translation>Continue the form</translation>
    </message>
    <message>
        <source>Hapus draf…</source>
        <translation>Delete draft…</translation>
    </message>
    <message>
        <source>Tidak ada draf.</source>
        <translation>No drafts.</translation>
    </message>
    <message>
        <source>{name} — {form} — {when} ({operator})</source>
        <translation>{name} — {form} — {when} ({operator})</translation>
    </message>
    <message>
        <source>(belum ada nama)</source>
        <translation>(no name yet)</translation>
    </message>
    <message>
        <source>Hapus draf</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>Hapus draf “{name}”? Isian yang belum disimpan ini hilang.</source>
        <translation>Delete the draft “{name}”? What was typed in it and not saved is lost.</translation>
    </message>
    <message>
        <source>Ya, hapus</source>
        <translation>Yes, delete</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EnrollForm</name>
    <message>
        <source>Daftarkan laptop ini ke server kabupaten</source>
        <translation>Enroll this laptop with the district server</translation>
    </message>
    <message>
        <source>Dengan berkas pendaftaran (desa tanpa internet)</source>
        <translation>With an enrollment file (a village without internet)</translation>
    </message>
    <message>
        <source>Mode latihan dulu (data tidak dikirim ke server)</source>
        <translation>Practice mode for now (nothing is sent to the server)</translation>
    </message>
    <message>
        <source>misalnya https://dinsos.kab.go.id atau 192.168.1.10:8000</source>
        <translation>e.g. https://dinsos.kab.go.id or 192.168.1.10:8000</translation>
    </message>
    <message>
        <source>berkas .jaring-enroll dari Dinas Sosial</source>
        <translation>.jaring-enroll file from the district</translation>
    </message>
    <message>
        <source>Pilih berkas…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>misalnya ABCD-EFGH-JKMN</source>
        <translation>e.g. ABCD-EFGH-JKMN</translation>
    </message>
    <message>
        <source>Daftarkan</source>
        <translation>Enroll</translation>
    </message>
    <message>
        <source>Kode pendaftaran diberikan Dinas Sosial dan hanya berlaku sekali. Isian yang dibuat sebelum pendaftaran tetap di laptop ini sebagai data latihan, ditandai LATIHAN, dan tidak pernah dikirim.</source>
        <translation>The district social office gives the enrollment code; it works once. Records made before enrollment stay on this laptop as practice data, marked PRACTICE, and are never sent.</translation>
    </message>
    <message>
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Berkas pendaftaran</source>
        <translation>Enrollment file</translation>
    </message>
    <message>
        <source>Kode pendaftaran</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>Berkas pendaftaran (*.jaring-enroll);;Semua berkas (*)</source>
        <translation>Enrollment file (*.jaring-enroll);;All files (*)</translation>
    </message>
    <message>
        <source>Isi alamat server (atau pilih berkas) dan kode pendaftaran dulu.</source>
        <translation>Fill in the server address (or choose the file) and the enrollment code first.</translation>
    </message>
    <message>
        <source>Menghubungi server…</source>
        <translation>Contacting the server…</translation>
    </message>
    <message>
        <source>Membuka berkas pendaftaran…</source>
        <translation>Opening the enrollment file…</translation>
    </message>
    <message>
        <source>Laptop ini terdaftar sebagai perangkat nomor {n} untuk {area} ({code}).</source>
        <translation>This laptop is enrolled as device number {n} for {area} ({code}).</translation>
    </message>
    <message>
        <source>Server: {url}.</source>
        <translation>Server: {url}.</translation>
    </message>
    <message numerus="yes">
        <source>%n isian latihan tetap di laptop ini, ditandai LATIHAN, dan tidak pernah dikirim.</source>
        <translation>
            <numerusform>%n practice record stays on this laptop, marked PRACTICE, and is never sent.</numerusform>
            <numerusform>%n practice records stay on this laptop, marked PRACTICE, and are never sent.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <source>Hubungkan ke server kabupaten</source>
        <translation>Connect to the district server</translation>
    </message>
    <message>
        <source>Dengan kode pendaftaran dari Dinas Sosial, data yang diisi di laptop ini dikirim ke server kabupaten. Tanpa kode, mulai dalam mode latihan dan daftarkan nanti dari Pengaturan.</source>
        <translation>With an enrollment code from the district social office, what is entered on this laptop goes to the district server. Without a code, start in practice mode and enroll later from Settings.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Ekspor data</source>
        <translation>Export data</translation>
    </message>
    <message>
        <source>Orang — satu baris per anggota rumah tangga</source>
        <translation>People — one row per household member</translation>
    </message>
    <message>
        <source>Rumah tangga — satu baris per rumah tangga</source>
        <translation>Households — one row per household</translation>
    </message>
    <message>
        <source>Excel (XLSX)</source>
        <translation>Excel (XLSX)</translation>
    </message>
    <message>
        <source>CSV (teks, untuk aplikasi lain)</source>
        <translation>CSV (text, for other programs)</translation>
    </message>
    <message>
        <source>Ekspor lengkap: NIK dan No. KK utuh, data disabilitas</source>
        <translation>Full export: whole NIKs and No. KKs, disability data</translation>
    </message>
    <message>
        <source>Alasan ekspor lengkap, misalnya “verifikasi Dukcapil”</source>
        <translation>Reason for the full export, e.g. “Dukcapil verification”</translation>
    </message>
    <message>
        <source>&amp;Alasan (wajib untuk ekspor lengkap):</source>
        <translation>&amp;Reason (required for a full export):</translation>
    </message>
    <message>
        <source>Tanpa ekspor lengkap, NIK dan No. KK disamarkan (620301******0002) dan data disabilitas tidak disertakan. Setiap ekspor dicatat: siapa, kapan, berapa baris dan alasannya.</source>
        <translation>Without a full export, NIKs and No. KKs are masked (620301******0002) and disability data is left out. Every export is recorded: who, when, how many rows and why.</translation>
    </message>
    <message>
        <source>Pilih berkas…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Apa yang diekspor?</source>
        <translation>What to export?</translation>
    </message>
    <message>
        <source>Orang: hanya hasil pencarian “{typed}”.</source>
        <translation>People: only the search results for “{typed}”.</translation>
    </message>
    <message>
        <source>Format berkas</source>
        <translation>File format</translation>
    </message>
    <message>
        <source>Tulis dulu alasan ekspor lengkap.</source>
        <translation>Write the reason for the full export first.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Jaring — persiapan pertama</source>
        <translation>Jaring — first-time setup</translation>
    </message>
    <message>
        <source>Lanjut &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>&lt; Kembali</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FormBuilder</name>
    <message>
        <source>Tambah {label} (Ctrl+M)</source>
        <translation>Add {label} (Ctrl+M)</translation>
    </message>
    <message>
        <source>Anggota yang sudah disimpan tidak dihapus: ubah status anggotanya.</source>
        <translation>A saved member is not deleted: change the member&apos;s status.</translation>
    </message>
    <message>
        <source>Data di KTP memang berbeda — simpan dengan alasan</source>
        <translation>The ID card really differs — save with a reason</translation>
    </message>
    <message>
        <source>Alasan (misalnya: KTP salah cetak)</source>
        <translation>Reason (e.g. ID card misprinted)</translation>
    </message>
</context>
<context>
    <name>FormEditor</name>
    <message>
        <source>Data pokok</source>
        <translation>Basic data</translation>
    </message>
    <message>
        <source>Lain-lain</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Simpan (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Hapus data ini…</source>
        <translation>Delete this record…</translation>
    </message>
    <message>
        <source>‹ Bagian sebelumnya</source>
        <translation>‹ Previous section</translation>
    </message>
    <message>
        <source>Bagian berikutnya ›</source>
        <translation>Next section ›</translation>
    </message>
    <message>
        <source>Hapus data</source>
        <translation>Delete record</translation>
    </message>
    <message>
        <source>Hapus data ini? Data hilang dari daftar dan pencarian, dan penghapusannya ikut dikirim ke kabupaten pada sinkronisasi berikutnya.</source>
        <translation>Delete this record? It leaves the lists and search, and the deletion is sent to the district at the next sync.</translation>
    </message>
    <message>
        <source>Ya, hapus</source>
        <translation>Yes, delete</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Dikecualikan dengan alasan: {reason}</source>
        <translation>Accepted with the reason: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>%n masalah perlu diperbaiki</source>
        <translation>
            <numerusform>%n problem to fix</numerusform>
            <numerusform>%n problems to fix</numerusform>
        </translation>
    </message>
    <message>
        <source>NIK sudah terdaftar di laptop ini: {people}</source>
        <translation>This NIK is already registered on this laptop: {people}</translation>
    </message>
    <message>
        <source>seseorang di desa lain (datanya tidak ada di laptop ini)</source>
        <translation>someone in another desa (not held on this laptop)</translation>
    </message>
    <message>
        <source>Dikonfirmasi kabupaten sebagai orang yang sama dengan: {people}</source>
        <translation>Confirmed by the district as the same person as: {people}</translation>
    </message>
    <message>
        <source>Spasi: pilih foto · Enter: pertanyaan berikutnya</source>
        <translation>Space: choose a photo · Enter: next question</translation>
    </message>
    <message>
        <source>Enter: pertanyaan berikutnya yang belum dijawab · Ctrl+M: tambah anggota · Ctrl+S: simpan</source>
        <translation>Enter: next unanswered question · Ctrl+M: add a member · Ctrl+S: save</translation>
    </message>
    <message>
        <source>Enter: pertanyaan berikutnya yang belum dijawab · Ctrl+S: simpan</source>
        <translation>Enter: next unanswered question · Ctrl+S: save</translation>
    </message>
    <message>
        <source>Tersimpan.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Diisi dari NIK — periksa dengan KTP</source>
        <translation>Filled in from the NIK — check it against the ID card</translation>
    </message>
</context>
<context>
    <name>LineField</name>
    <message>
        <source>HH-BB-TTTT, misalnya {example}</source>
        <translation>DD-MM-YYYY, e.g. {example}</translation>
    </message>
    <message>
        <source>16 angka</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>lintang, bujur</source>
        <translation>latitude, longitude</translation>
    </message>
    <message>
        <source>JJ:MM, misalnya 09:15</source>
        <translation>HH:MM, e.g. 09:15</translation>
    </message>
    <message>
        <source>HH-BB-TTTT JJ:MM</source>
        <translation>DD-MM-YYYY HH:MM</translation>
    </message>
    <message>
        <source>Kalender</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>Pilih tanggal</source>
        <translation>Choose a date</translation>
    </message>
</context>
<context>
    <name>LoginWidget</name>
    <message>
        <source>Jaring — masuk</source>
        <translation>Jaring — log in</translation>
    </message>
    <message>
        <source>Pilih operator dan masukkan kata sandi</source>
        <translation>Choose an operator and enter the password</translation>
    </message>
    <message>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Pilih operator dulu.</source>
        <translation>Choose an operator first.</translation>
    </message>
    <message>
        <source>Membuka data…</source>
        <translation>Opening the data…</translation>
    </message>
    <message>
        <source>Lupa kata sandi?</source>
        <translation>Forgot the password?</translation>
    </message>
    <message>
        <source>Kode pemulihan (dari kertas)</source>
        <translation>Recovery code (from the paper)</translation>
    </message>
    <message>
        <source>Kata sandi baru (minimal 8 karakter)</source>
        <translation>New password (at least 8 characters)</translation>
    </message>
    <message>
        <source>Ulangi kata sandi baru</source>
        <translation>Repeat the new password</translation>
    </message>
    <message>
        <source>Atur ulang kata sandi</source>
        <translation>Reset the password</translation>
    </message>
    <message>
        <source>Kata sandi {name} diatur ulang. Silakan masuk.</source>
        <translation>The password of {name} was reset. Please log in.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Jaring {version}</source>
        <translation>Jaring {version}</translation>
    </message>
    <message>
        <source>Jaring versi {version}</source>
        <translation>Jaring version {version}</translation>
    </message>
    <message>
        <source>Belum tersedia di versi ini.</source>
        <translation>Not available in this version yet.</translation>
    </message>
    <message>
        <source>Belum ada sesi yang dibuka.</source>
        <translation>No session is open yet.</translation>
    </message>
    <message>
        <source>Rumah tangga &amp; orang</source>
        <translation>Households &amp; people</translation>
    </message>
    <message>
        <source>Pengaduan</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>Jadwal kunjungan</source>
        <translation>Visit schedule</translation>
    </message>
    <message>
        <source>Belum terlayani</source>
        <translation>Not yet served</translation>
    </message>
    <message>
        <source>Draf</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Musyawarah desa</source>
        <translation>Village meeting</translation>
    </message>
    <message>
        <source>Kunci layar</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <source>Ganti operator…</source>
        <translation>Switch operator…</translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Akun</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>Kunci (Ctrl+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <source>Kunci layar; masuk lagi dengan kata sandi</source>
        <translation>Lock the screen; log in again with the password</translation>
    </message>
    <message>
        <source>Ganti operator</source>
        <translation>Switch operator</translation>
    </message>
    <message>
        <source>Sinkronisasi belum tersedia.</source>
        <translation>Sync is not available yet.</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Laporan belum tersedia.</source>
        <translation>Reports are not available yet.</translation>
    </message>
    <message>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Jaring — isian</source>
        <translation>Jaring — form</translation>
    </message>
    <message>
        <source>Tersimpan.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Operator: {name}</source>
        <translation>Operator: {name}</translation>
    </message>
    <message>
        <source>MODE LATIHAN — data tidak dikirim</source>
        <translation>PRACTICE MODE — data is not sent</translation>
    </message>
</context>
<context>
    <name>MeetingView</name>
    <message>
        <source>Balai Desa</source>
        <translation>Village hall</translation>
    </message>
    <message>
        <source>Satu baris satu orang: nama — jabatan</source>
        <translation>One line per person: name — role</translation>
    </message>
    <message>
        <source>Bulan (TTTT-BB)</source>
        <translation>Month (YYYY-MM)</translation>
    </message>
    <message>
        <source>Tempat musyawarah</source>
        <translation>Meeting place</translation>
    </message>
    <message>
        <source>Daftar hadir</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Usulan baru…</source>
        <translation>New proposal…</translation>
    </message>
    <message>
        <source>Disepakati</source>
        <translation>Agreed</translation>
    </message>
    <message>
        <source>Tidak disepakati</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <source>Simpan berita acara (PDF)…</source>
        <translation>Save the minutes (PDF)…</translation>
    </message>
    <message>
        <source>Simpan BNBA (PDF)…</source>
        <translation>Save the BNBA list (PDF)…</translation>
    </message>
    <message>
        <source>Simpan XLSX…</source>
        <translation>Save XLSX…</translation>
    </message>
    <message>
        <source>Batas entri tanggal</source>
        <translation>Entry deadline, day</translation>
    </message>
    <message>
        <source>Musyawarah tanggal</source>
        <translation>Meeting, day</translation>
    </message>
    <message>
        <source>Kirim kabupaten tanggal</source>
        <translation>District sends, day</translation>
    </message>
    <message>
        <source>&lt;b&gt;Musyawarah desa — usulan DTSEN bulan ini&lt;/b&gt;</source>
        <translation>&lt;b&gt;Village meeting — this month&apos;s DTSEN proposals&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Jenis usulan</source>
        <translation>Kind of proposal</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Keputusan</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Jadwal bulan ini: </source>
        <translation>Due this month: </translation>
    </message>
    <message>
        <source> (lewat)</source>
        <translation> (past)</translation>
    </message>
    <message numerus="yes">
        <source>Ditolak sistem pusat, bahas lagi bulan depan: %n usulan</source>
        <translation>
            <numerusform>Refused by the national system, discuss again next month: %n proposal</numerusform>
            <numerusform>Refused by the national system, discuss again next month: %n proposals</numerusform>
        </translation>
    </message>
    <message>
        <source>Tersimpan: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>Simpan berita acara</source>
        <translation>Save the minutes</translation>
    </message>
    <message>
        <source>Simpan BNBA</source>
        <translation>Save the BNBA list</translation>
    </message>
    <message>
        <source>Simpan XLSX</source>
        <translation>Save XLSX</translation>
    </message>
</context>
<context>
    <name>MemberBox</name>
    <message>
        <source>Naik</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Turun</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Hapus</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Klik untuk membuka</source>
        <translation>Click to open</translation>
    </message>
    <message>
        <source>Klik untuk menutup</source>
        <translation>Click to fold</translation>
    </message>
</context>
<context>
    <name>MemberTitles</name>
    <message>
        <source>Anggota baru</source>
        <translation>New member</translation>
    </message>
    <message>
        <source>{age} th</source>
        <translation>{age} yrs</translation>
    </message>
    <message numerus="yes">
        <source>(%n masalah)</source>
        <translation>
            <numerusform>(%n problem)</numerusform>
            <numerusform>(%n problems)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OperatorPage</name>
    <message>
        <source>Selamat datang di Jaring</source>
        <translation>Welcome to Jaring</translation>
    </message>
    <message>
        <source>Buat operator pertama laptop ini. Data disimpan terenkripsi.</source>
        <translation>Create this laptop&apos;s first operator. Data is stored encrypted.</translation>
    </message>
    <message>
        <source>Nama operator</source>
        <translation>Operator name</translation>
    </message>
    <message>
        <source>Kata sandi (min. 8 karakter)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <source>Ulangi kata sandi</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <source>Isi nama operator.</source>
        <translation>Enter the operator name.</translation>
    </message>
    <message>
        <source>Kata sandi minimal 8 karakter.</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>Membuat penyimpanan terenkripsi… (beberapa detik)</source>
        <translation>Creating the encrypted store… (a few seconds)</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Kata sandi minimal 8 karakter.</source>
        <translation>A password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Kata sandi baru</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Ulangi kata sandi</source>
        <translation>Repeat the password</translation>
    </message>
</context>
<context>
    <name>PersonPage</name>
    <message>
        <source>Catat &amp;layanan</source>
        <translation>Record &amp;service</translation>
    </message>
    <message>
        <source>Catat &amp;kunjungan</source>
        <translation>Record &amp;visit</translation>
    </message>
    <message>
        <source>Buka &amp;rumah tangga</source>
        <translation>Open &amp;household</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Apa</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Orang ini tidak ada di laptop ini.</source>
        <translation>This person is not on this laptop.</translation>
    </message>
    <message>
        <source>(tanpa nama)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>bukan PPKS</source>
        <translation>not PPKS</translation>
    </message>
    <message>
        <source>NIK {nik} · lahir {born} · {desa} · KK {kk} ({head})
PPKS: {ppks}</source>
        <translation>NIK {nik} · born {born} · {desa} · KK {kk} ({head})
PPKS: {ppks}</translation>
    </message>
    <message>
        <source>(tanpa NIK)</source>
        <translation>(no NIK)</translation>
    </message>
    <message>
        <source>Riwayat — {name}</source>
        <translation>History — {name}</translation>
    </message>
    <message>
        <source>Pendaftaran</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>Perubahan data</source>
        <translation>Data changed</translation>
    </message>
    <message>
        <source>Pengaduan</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Kunjungan</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Data ganda</source>
        <translation>Duplicate record</translation>
    </message>
    <message>
        <source> · jumlah {amount}</source>
        <translation> · amount {amount}</translation>
    </message>
    <message>
        <source>Kondisi: {condition}</source>
        <translation>Condition: {condition}</translation>
    </message>
    <message>
        <source> · kebutuhan: {needs}</source>
        <translation> · needs: {needs}</translation>
    </message>
    <message>
        <source> · kunjungan berikutnya {date}</source>
        <translation> · next visit {date}</translation>
    </message>
    <message>
        <source>No. {reference} · {category}</source>
        <translation>No. {reference} · {category}</translation>
    </message>
    <message>
        <source>Dikonfirmasi Dinas Sosial sebagai orang yang sama (data di wilayah lain)</source>
        <translation>Confirmed by the district as the same person (record in another area)</translation>
    </message>
    <message>
        <source>Dikonfirmasi Dinas Sosial sebagai orang yang sama: {name}, {desa}</source>
        <translation>Confirmed by the district as the same person: {name}, {desa}</translation>
    </message>
    <message>
        <source>oleh {operator}</source>
        <translation>by {operator}</translation>
    </message>
</context>
<context>
    <name>PersonsModel</name>
    <message>
        <source>(tanpa NIK)</source>
        <translation>(no NIK)</translation>
    </message>
    <message>
        <source>LATIHAN</source>
        <translation>PRACTICE</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>L/P</source>
        <translation>M/F</translation>
    </message>
    <message>
        <source>Tanggal lahir</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>No. KK</source>
        <translation>No. KK</translation>
    </message>
    <message>
        <source>Kepala keluarga</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latihan</source>
        <translation>Practice</translation>
    </message>
</context>
<context>
    <name>PersonsView</name>
    <message>
        <source>Cari nama, NIK, No. KK atau desa…</source>
        <translation>Search name, NIK, family card number or village…</translation>
    </message>
    <message>
        <source>Rumah tangga baru</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>Catat rumah tangga baru (Ctrl+N)</source>
        <translation>Record a new household (Ctrl+N)</translation>
    </message>
    <message>
        <source>Riwayat orang</source>
        <translation>Person&apos;s history</translation>
    </message>
    <message>
        <source>Layanan, kunjungan dan riwayat orang yang dipilih (Ctrl+H)</source>
        <translation>Services, visits and history of the chosen person (Ctrl+H)</translation>
    </message>
    <message numerus="yes">
        <source>%n orang</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n+ orang</source>
        <translation>
            <numerusform>%n+ people</numerusform>
            <numerusform>%n+ people</numerusform>
        </translation>
    </message>
    <message>
        <source>Tidak ada orang yang cocok dengan “{typed}”.

Coba ketik sebagian nama saja (misalnya “siti” atau “nur hal”), beberapa angka awal NIK atau No. KK, atau nama desa. Ejaan lain juga dicari: “aisah” menemukan “Aisyah”.</source>
        <translation>Nobody matches “{typed}”.

Try typing part of a name only (for example “siti” or “nur hal”), the first digits of a NIK or No. KK, or a village name. Other spellings are searched too: “aisah” finds “Aisyah”.</translation>
    </message>
    <message>
        <source>Belum ada data di laptop ini.

Tekan “Rumah tangga baru” (Ctrl+N) untuk mencatat rumah tangga pertama, atau sinkronkan untuk menerima data desa dari kabupaten.</source>
        <translation>There is no data on this laptop yet.

Press “New household” (Ctrl+N) to record the first household, or sync to receive the village&apos;s data from the district.</translation>
    </message>
</context>
<context>
    <name>PhotoField</name>
    <message>
        <source>Belum ada foto</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <source>Belum ada berkas</source>
        <translation>No file yet</translation>
    </message>
    <message>
        <source>Pilih foto…</source>
        <translation>Choose photo…</translation>
    </message>
    <message>
        <source>Pilih berkas…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <source>Hapus</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Unduh foto dari server</source>
        <translation>Fetch the photo from the server</translation>
    </message>
    <message>
        <source>Foto dipilih: {name}</source>
        <translation>Photo chosen: {name}</translation>
    </message>
    <message>
        <source>Foto tersimpan</source>
        <translation>Photo kept</translation>
    </message>
    <message>
        <source>Foto ini tersimpan di server kabupaten, belum ada di laptop ini.</source>
        <translation>This photo is kept on the district server, not on this laptop.</translation>
    </message>
    <message>
        <source>Foto ini tersimpan di server kabupaten; laptop ini tidak terhubung ke server.</source>
        <translation>This photo is kept on the district server; this laptop is not connected to a server.</translation>
    </message>
    <message>
        <source>Berkas tersimpan, tetapi bukan gambar yang dapat ditampilkan.</source>
        <translation>The file is kept, but it is not a picture that can be shown.</translation>
    </message>
    <message>
        <source>Foto tidak dapat dibaca.</source>
        <translation>The photo cannot be read.</translation>
    </message>
    <message>
        <source>Pilih foto</source>
        <translation>Choose a photo</translation>
    </message>
    <message>
        <source>Pilih berkas</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <source>Gambar (*.jpg *.jpeg *.png *.webp);;Semua berkas (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.webp);;All files (*)</translation>
    </message>
    <message>
        <source>Rekaman suara (*.m4a *.mp3 *.ogg *.wav *.amr);;Semua berkas (*)</source>
        <translation>Voice recordings (*.m4a *.mp3 *.ogg *.wav *.amr);;All files (*)</translation>
    </message>
    <message>
        <source>Semua berkas (*)</source>
        <translation>All files (*)</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>KELURAHAN</source>
        <translation>KELURAHAN</translation>
    </message>
    <message>
        <source>DESA</source>
        <translation>DESA</translation>
    </message>
    <message>
        <source>PUSKESOS {kind} {name}</source>
        <translation>PUSKESOS {kind} {name}</translation>
    </message>
    <message>
        <source>Distrik</source>
        <translation>Distrik</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <source>TANDA TERIMA PENGADUAN</source>
        <translation>COMPLAINT RECEIPT</translation>
    </message>
    <message>
        <source>LATIHAN — bukan pengaduan sungguhan</source>
        <translation>PRACTICE — not a real complaint</translation>
    </message>
    <message>
        <source>Nomor tanda terima</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <source>Kode status: {code}</source>
        <translation>Status code: {code}</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Atas nama</source>
        <translation>On behalf of</translation>
    </message>
    <message>
        <source>Pelapor</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <source>Anonim</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Uraian</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Cara memeriksa status pengaduan</source>
        <translation>How to check the complaint&apos;s status</translation>
    </message>
    <message>
        <source>Buka alamat ini di ponsel atau komputer:</source>
        <translation>Open this address on a phone or computer:</translation>
    </message>
    <message>
        <source>lalu ketik nomor tanda terima dan kode status di atas, dan tekan “Cek status”.</source>
        <translation>then type the receipt number and the status code above, and press “Check status”.</translation>
    </message>
    <message>
        <source>Tanda terima latihan: pengaduan latihan tidak dikirim ke kabupaten, statusnya tidak dapat diperiksa.</source>
        <translation>Practice receipt: practice complaints are not sent to the district; their status cannot be checked.</translation>
    </message>
    <message>
        <source>Tanyakan ke Puskesos desa atau Dinas Sosial kabupaten dengan menyebut nomor tanda terima di atas.</source>
        <translation>Ask the village Puskesos or the district Dinas Sosial, quoting the receipt number above.</translation>
    </message>
    <message>
        <source>Simpan tanda terima ini sampai pengaduan selesai.</source>
        <translation>Keep this receipt until the complaint is closed.</translation>
    </message>
    <message>
        <source>Pelapor,</source>
        <translation>Reporter,</translation>
    </message>
    <message>
        <source>(anonim)</source>
        <translation>(anonymous)</translation>
    </message>
    <message>
        <source>Petugas penerima,</source>
        <translation>Receiving officer,</translation>
    </message>
    <message>
        <source>Dicetak {when} dengan Jaring {version}</source>
        <translation>Printed {when} with Jaring {version}</translation>
    </message>
    <message>
        <source>Tanda terima {reference}</source>
        <translation>Receipt {reference}</translation>
    </message>
</context>
<context>
    <name>ReceiptButtons</name>
    <message>
        <source>Cetak tanda terima…</source>
        <translation>Print receipt…</translation>
    </message>
    <message>
        <source>Cetak tanda terima untuk pelapor (kertas A5)</source>
        <translation>Print the receipt for the reporter (A5 paper)</translation>
    </message>
    <message>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Simpan tanda terima sebagai berkas PDF</source>
        <translation>Save the receipt as a PDF file</translation>
    </message>
    <message>
        <source>Tanda terima {reference}</source>
        <translation>Receipt {reference}</translation>
    </message>
    <message>
        <source>Cetak tanda terima</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Simpan tanda terima</source>
        <translation>Save receipt</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ReceiptPanel</name>
    <message>
        <source>Pengaduan tersimpan. Nomor tanda terima:</source>
        <translation>Complaint saved. Receipt number:</translation>
    </message>
    <message>
        <source>Cetak tanda terima dan berikan kepada pelapor.</source>
        <translation>Print the receipt and give it to the reporter.</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Kode pemulihan</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <source>Cetak atau tulis kode ini dan simpan di tempat aman (misalnya lemari TKSK). Kode ini hanya ditampilkan sekali dan membuka data bila semua kata sandi terlupa.</source>
        <translation>Print or write down this code and keep it somewhere safe (for example the TKSK&apos;s cupboard). It is shown only once and opens the data if every password is forgotten.</translation>
    </message>
    <message>
        <source>Cetak…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Simpan sebagai PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>Saya sudah mencetak atau menulis kode pemulihan ini</source>
        <translation>I have printed or written down this recovery code</translation>
    </message>
    <message>
        <source>Kode pemulihan dikirim ke printer.</source>
        <translation>The recovery code was sent to the printer.</translation>
    </message>
    <message>
        <source>Simpan kode pemulihan</source>
        <translation>Save the recovery code</translation>
    </message>
    <message>
        <source>Tidak dapat menyimpan {path}: {reason}</source>
        <translation>Cannot save {path}: {reason}</translation>
    </message>
    <message>
        <source>Disimpan di {path}. Cetak, lalu hapus berkasnya.</source>
        <translation>Saved to {path}. Print it, then delete the file.</translation>
    </message>
</context>
<context>
    <name>RecoverySheet</name>
    <message>
        <source>Operator pertama</source>
        <translation>First operator</translation>
    </message>
    <message>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Kode pemulihan Jaring</source>
        <translation>Jaring recovery code</translation>
    </message>
    <message>
        <source>Kode ini membuka semua data di laptop ini bila semua kata sandi operator terlupa (di layar masuk: Lupa kata sandi?). Simpan kertas ini di tempat terkunci, misalnya lemari TKSK. Jangan difoto dan jangan disimpan di laptop.</source>
        <translation>This code opens all the data on this laptop if every operator&apos;s password is forgotten (on the login screen: Forgot password?). Keep this paper locked away, for example in the TKSK&apos;s cupboard. Do not photograph it and do not keep it on the laptop.</translation>
    </message>
    <message>
        <source>Bila kode ini disimpan sebagai PDF untuk dicetak, hapus berkasnya setelah dicetak.</source>
        <translation>If this code was saved as a PDF to print, delete the file once it is printed.</translation>
    </message>
</context>
<context>
    <name>RegionField</name>
    <message>
        <source>Provinsi</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Kabupaten/kota</source>
        <translation>Regency/city</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>District (kecamatan)</translation>
    </message>
    <message>
        <source>Desa/kelurahan</source>
        <translation>Village (desa/kelurahan)</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Tanpa NIK</source>
        <translation>Without NIK</translation>
    </message>
    <message>
        <source>Pengaduan</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Orang dengan kategori PPKS, per desa</source>
        <translation>People with a PPKS category, per village</translation>
    </message>
    <message>
        <source>Angka per kategori menghitung orang aktif dalam kategori itu. Satu orang bisa masuk beberapa kategori; “Jumlah orang” menghitung setiap orang sekali.</source>
        <translation>Each category&apos;s figure counts the active people in that category. One person can be in several categories; “People” counts each person once.</translation>
    </message>
    <message>
        <source>Grafik per desa</source>
        <translation>Chart per village</translation>
    </message>
    <message>
        <source>Tabel per desa &amp;&amp; PPKS</source>
        <translation>Table per village &amp;&amp; PPKS</translation>
    </message>
    <message>
        <source>Cakupan layanan</source>
        <translation>Service coverage</translation>
    </message>
    <message>
        <source>Ekspor ke Excel/CSV…</source>
        <translation>Export to Excel/CSV…</translation>
    </message>
    <message numerus="yes">
        <source>%n rumah tangga</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orang</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tanpa NIK</source>
        <translation>
            <numerusform>%n without NIK</numerusform>
            <numerusform>%n without NIK</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pengaduan</source>
        <translation>
            <numerusform>%n complaint</numerusform>
            <numerusform>%n complaints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n terlambat</source>
        <translation>
            <numerusform>%n late</numerusform>
            <numerusform>%n late</numerusform>
        </translation>
    </message>
    <message>
        <source>Semua desa</source>
        <translation>All villages</translation>
    </message>
    <message>
        <source>Jumlah orang</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>No. KK</source>
        <translation>Family card no.</translation>
    </message>
    <message>
        <source>Kepala keluarga</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>{b} hari</source>
        <translation>{b} days</translation>
    </message>
    <message numerus="yes">
        <source>Orang dengan kategori PPKS: %n desa teratas (semua desa di tabel)</source>
        <translation>
            <numerusform>People with a PPKS category: the top %n village (every village in the table)</numerusform>
            <numerusform>People with a PPKS category: the top %n villages (every village in the table)</numerusform>
        </translation>
    </message>
    <message>
        <source>Orang per kategori</source>
        <translation>People per category</translation>
    </message>
    <message>
        <source>orang</source>
        <translation>people</translation>
    </message>
    <message>
        <source>rumah-tangga</source>
        <translation>households</translation>
    </message>
    <message>
        <source>Simpan ekspor</source>
        <translation>Save the export</translation>
    </message>
    <message numerus="yes">
        <source>%n baris diekspor ke {path}</source>
        <translation>
            <numerusform>%n row exported to {path}</numerusform>
            <numerusform>%n rows exported to {path}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Tandai sudah ditinjau</source>
        <translation>Mark as reviewed</translation>
    </message>
    <message>
        <source>Buka data</source>
        <translation>Open record</translation>
    </message>
    <message>
        <source>Perlu ditinjau — konflik suntingan dan tanda dari kabupaten:</source>
        <translation>To review — conflicting edits and flags from the district:</translation>
    </message>
    <message>
        <source>(kosong)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>{record}: {field} — suntingan Anda &quot;{lost}&quot; kalah oleh &quot;{kept}&quot; (perangkat lain)</source>
        <translation>{record}: {field} — your edit &quot;{lost}&quot; lost to &quot;{kept}&quot; (another device)</translation>
    </message>
    <message>
        <source>{record}: {field} — &quot;{kept}&quot; menggantikan &quot;{lost}&quot; dari perangkat lain</source>
        <translation>{record}: {field} — &quot;{kept}&quot; replaced &quot;{lost}&quot; from another device</translation>
    </message>
    <message>
        <source>{record}: ditandai kabupaten — {message}{fields}</source>
        <translation>{record}: flagged by the district — {message}{fields}</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source> menit</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>Bahasa baru berlaku setelah aplikasi dibuka ulang.</source>
        <translation>A new language applies after the app is restarted.</translation>
    </message>
    <message>
        <source>Simpan pengaturan</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>Laptop ini</source>
        <translation>This laptop</translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Kunci otomatis setelah tidak dipakai</source>
        <translation>Lock automatically after being idle for</translation>
    </message>
    <message>
        <source>Server kabupaten</source>
        <translation>District server</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operators</translation>
    </message>
    <message>
        <source>Nama operator baru</source>
        <translation>New operator&apos;s name</translation>
    </message>
    <message>
        <source>Kata sandi (minimal 8 karakter)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <source>Ulangi kata sandi</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Administrator boleh menambah dan menghapus operator.</source>
        <translation>An administrator may add and remove operators.</translation>
    </message>
    <message>
        <source>Tambah operator</source>
        <translation>Add operator</translation>
    </message>
    <message>
        <source>Hapus operator</source>
        <translation>Remove operator</translation>
    </message>
    <message>
        <source>Ganti kata sandi</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Pengaturan tersimpan.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>Laptop ini masih dalam mode latihan: data tidak dikirim ke server. Daftarkan dengan kode dari Dinas Sosial.</source>
        <translation>This laptop is still in practice mode: nothing is sent to the server. Enroll it with a code from the district social office.</translation>
    </message>
    <message>
        <source>Administrator (huruf tebal): {names}.</source>
        <translation>Administrators (in bold): {names}.</translation>
    </message>
    <message>
        <source>Hanya administrator ({names}) yang boleh menambah atau menghapus operator. Anda boleh mengganti kata sandi Anda sendiri.</source>
        <translation>Only an administrator ({names}) may add or remove operators. You may change your own password.</translation>
    </message>
    <message>
        <source>Tulis nama operator baru dulu.</source>
        <translation>Type the new operator&apos;s name first.</translation>
    </message>
    <message>
        <source>Operator {name} ditambahkan.</source>
        <translation>Operator {name} added.</translation>
    </message>
    <message>
        <source>Operator yang sedang masuk tidak bisa dihapus.</source>
        <translation>The operator who is logged in cannot be removed.</translation>
    </message>
    <message>
        <source>Hapus operator {name}? Datanya tetap ada.</source>
        <translation>Remove operator {name}? The data stays.</translation>
    </message>
    <message>
        <source>Operator {name} dihapus.</source>
        <translation>Operator {name} removed.</translation>
    </message>
    <message>
        <source>Kata sandi baru untuk {name}</source>
        <translation>New password for {name}</translation>
    </message>
    <message>
        <source>Kata sandi {name} diganti.</source>
        <translation>Password of {name} changed.</translation>
    </message>
    <message>
        <source>Jaring</source>
        <translation>Jaring</translation>
    </message>
    <message>
        <source>Ya, hapus</source>
        <translation>Yes, remove</translation>
    </message>
    <message>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <source>Menunggu dikirim:</source>
        <translation>Waiting to be sent:</translation>
    </message>
    <message>
        <source>Sinkronisasi terakhir:</source>
        <translation>Last sync:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Sinkronkan</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Sinkron otomatis saat server terjangkau</source>
        <translation>Sync automatically when the server can be reached</translation>
    </message>
    <message>
        <source>Ekspor bundel (USB)…</source>
        <translation>Export bundle (USB)…</translation>
    </message>
    <message>
        <source>Impor bundel…</source>
        <translation>Import bundle…</translation>
    </message>
    <message>
        <source>Ditolak server — buka untuk diperbaiki, lalu sinkronkan lagi:</source>
        <translation>Rejected by the server — open to fix, then sync again:</translation>
    </message>
    <message>
        <source>{p} perubahan ({r} ditolak, perlu diperbaiki)</source>
        <translation>{p} changes ({r} rejected, to be fixed)</translation>
    </message>
    <message>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Laptop ini belum terdaftar di server kabupaten: sinkronisasi belum tersedia. Data tetap tersimpan dan dapat dikirim lewat bundel USB.</source>
        <translation>This laptop is not enrolled with the district server yet: sync is not available. The data stays saved and can be sent in a USB bundle.</translation>
    </message>
    <message>
        <source>Menghubungi server…</source>
        <translation>Contacting the server…</translation>
    </message>
    <message>
        <source>Membatalkan…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Mengirim perubahan ke server: {sent} dari {total}</source>
        <translation>Sending changes to the server: {sent} of {total}</translation>
    </message>
    <message>
        <source>Selesai.</source>
        <translation>Done.</translation>
    </message>
    <message>
        <source>Mengirim foto: {n} terkirim</source>
        <translation>Sending photos: {n} sent</translation>
    </message>
    <message>
        <source>Mengambil pembaruan dari server: {n} diterima</source>
        <translation>Fetching updates from the server: {n} received</translation>
    </message>
    <message>
        <source>{why} Mencoba lagi ({n} dari {most})… Tekan Batal untuk berhenti.</source>
        <translation>{why} Trying again ({n} of {most})… Press Cancel to stop.</translation>
    </message>
    <message>
        <source>Terkirim {sent}, diterapkan {applied}, duplikat {duplicates}, konflik {conflicts}, ditolak {rejected}, diterima dari server {received}.</source>
        <translation>Sent {sent}, applied {applied}, duplicates {duplicates}, conflicts {conflicts}, rejected {rejected}, received from the server {received}.</translation>
    </message>
    <message numerus="yes">
        <source>%n perubahan baru menunggu; tekan Sinkronkan lagi.</source>
        <translation>
            <numerusform>%n new change waits; press Sync again.</numerusform>
            <numerusform>%n new changes wait; press Sync again.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sinkronisasi berhenti.</source>
        <translation>Sync stopped.</translation>
    </message>
    <message>
        <source>Ekspor bundel</source>
        <translation>Export bundle</translation>
    </message>
    <message>
        <source>Bundel disimpan: {path}</source>
        <translation>Bundle saved: {path}</translation>
    </message>
    <message>
        <source>Impor bundel</source>
        <translation>Import bundle</translation>
    </message>
    <message>
        <source>Bundel balasan: diterapkan {applied}, duplikat {duplicates}, konflik {conflicts}, ditolak {rejected}, diterima dari server {received}.</source>
        <translation>Return bundle: applied {applied}, duplicates {duplicates}, conflicts {conflicts}, rejected {rejected}, received from the server {received}.</translation>
    </message>
    <message>
        <source>Bundel perangkat lain disimpan untuk dibawa: {path}</source>
        <translation>Another device&apos;s bundle kept to carry on: {path}</translation>
    </message>
</context>
<context>
    <name>UnservedView</name>
    <message>
        <source> bulan</source>
        <translation> months</translation>
    </message>
    <message>
        <source>Tanpa layanan dalam:</source>
        <translation>No service within:</translation>
    </message>
    <message>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kategori PPKS</source>
        <translation>PPKS categories</translation>
    </message>
    <message>
        <source>Layanan terakhir</source>
        <translation>Last service</translation>
    </message>
</context>
<context>
    <name>VisitScheduleView</name>
    <message numerus="yes">
        <source>Terlambat %n hari</source>
        <translation>
            <numerusform>%n day late</numerusform>
            <numerusform>%n days late</numerusform>
        </translation>
    </message>
    <message>
        <source>Hari ini</source>
        <translation>Today</translation>
    </message>
    <message numerus="yes">
        <source>Dalam %n hari</source>
        <translation>
            <numerusform>In %n day</numerusform>
            <numerusform>In %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kunjungan terakhir</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>Kunjungan berikutnya</source>
        <translation>Next visit</translation>
    </message>
    <message>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>_PersonList</name>
    <message>
        <source>Saring nama atau desa…</source>
        <translation>Filter by name or village…</translation>
    </message>
    <message numerus="yes">
        <source>%n orang</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Terjadi kesalahan yang tidak terduga. Tidak ada data yang hilang; rinciannya dicatat di berkas log.</source>
        <translation>An unexpected error happened. No data was lost; the details are in the log file.</translation>
    </message>
    <message>
        <source>Jaring</source>
        <translation>Jaring</translation>
    </message>
</context>
</TS>
