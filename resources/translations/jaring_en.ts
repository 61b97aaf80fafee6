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
        <source>Simpan tanda terima (PDF)…</source>
        <translation>Save receipt (PDF)…</translation>
    </message>
    <message>
        <source>TERLAMBAT</source>
        <translation>LATE</translation>
    </message>
    <message>
        <source>{n} pengaduan, {late} terlambat</source>
        <translation>{n} complaints, {late} late</translation>
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
    <name>EnrollPage</name>
    <message>
        <source>Hubungkan ke server kabupaten</source>
        <translation>Connect to the district server</translation>
    </message>
    <message>
        <source>Dengan alamat server dan kode pendaftaran</source>
        <translation>With the server address and enrollment code</translation>
    </message>
    <message>
        <source>Dengan berkas pendaftaran</source>
        <translation>With an enrollment file</translation>
    </message>
    <message>
        <source>Mode latihan (data tidak dikirim ke server)</source>
        <translation>Practice mode (data is not sent to the server)</translation>
    </message>
    <message>
        <source>Pendaftaran ke server belum tersedia di versi ini. Mode latihan: semua isian tersimpan di laptop ini dan ditandai LATIHAN; tidak ada yang dikirim.</source>
        <translation>Enrollment with the server is not available in this version yet. Practice mode: every entry is kept on this laptop and marked PRACTICE; nothing is sent.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Jaring — persiapan pertama</source>
        <translation>Jaring — first-time setup</translation>
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
        <source>Hapus rekaman</source>
        <translation>Delete record</translation>
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
        <source>Hapus rekaman ini? Rekaman hilang dari daftar dan penghapusan ikut dikirim.</source>
        <translation>Delete this record? It leaves the list and the deletion is sent with the next sync.</translation>
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
        <source>Draf</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
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
</context>
<context>
    <name>PhotoField</name>
    <message>
        <source>Belum ada foto</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <source>Pilih foto…</source>
        <translation>Choose photo…</translation>
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
        <source>Gambar (*.jpg *.jpeg *.png *.webp);;Semua berkas (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.webp);;All files (*)</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Kode pemulihan</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <source>Tulis kode ini di kertas dan simpan di tempat aman (misalnya lemari TKSK). Kode ini hanya ditampilkan sekali dan membuka data bila semua kata sandi terlupa.</source>
        <translation>Write this code on paper and keep it somewhere safe (for example the TKSK cupboard). It is shown only once and opens the data when every password is forgotten.</translation>
    </message>
    <message>
        <source>Saya sudah menulis kode pemulihan ini</source>
        <translation>I have written this recovery code down</translation>
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
        <source>Orang per desa dan kategori PPKS</source>
        <translation>People per village and PPKS category</translation>
    </message>
    <message>
        <source>Per desa &amp;&amp; PPKS</source>
        <translation>By village &amp;&amp; PPKS</translation>
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
        <source>Sertakan NIK utuh dan data disabilitas</source>
        <translation>Include full NIKs and disability data</translation>
    </message>
    <message>
        <source>Alasan (wajib untuk ekspor lengkap)</source>
        <translation>Reason (required for a full export)</translation>
    </message>
    <message>
        <source>Ekspor XLSX…</source>
        <translation>Export XLSX…</translation>
    </message>
    <message>
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>{h} rumah tangga, {p} orang ({n} tanpa NIK), {c} pengaduan ({o} terlambat)</source>
        <translation>{h} households, {p} people ({n} without NIK), {c} complaints ({o} late)</translation>
    </message>
    <message>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Count</translation>
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
    <message>
        <source>Ekspor daftar</source>
        <translation>Export the list</translation>
    </message>
    <message>
        <source>{n} baris diekspor ke {path}</source>
        <translation>{n} rows exported to {path}</translation>
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
        <source>Tahap: {stage} — terkirim {sent}, diterima {received}</source>
        <translation>Stage: {stage} — sent {sent}, received {received}</translation>
    </message>
    <message>
        <source>Terkirim {sent}, diterapkan {applied}, duplikat {duplicates}, konflik {conflicts}, ditolak {rejected}, diterima dari server {received}.</source>
        <translation>Sent {sent}, applied {applied}, duplicates {duplicates}, conflicts {conflicts}, rejected {rejected}, received from the server {received}.</translation>
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
