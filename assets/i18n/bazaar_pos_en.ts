<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id_ID">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/login_dialog.py" line="+250"/>
        <source>Persetujuan {role}</source>
        <translation>Approval by {role}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{what} — perlu persetujuan {role}</source>
        <translation>{what} — needs {role} approval</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PIN {role}</source>
        <translation>{role}&apos;s PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disetujui oleh</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Setujui</source>
        <translation>Approve</translation>
    </message>
</context>
<context>
    <name>ArrivalDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/ledger_screen.py" line="+315"/>
        <source>Barang datang</source>
        <translation>Goods received</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Tambah</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Hapus baris</source>
        <translation>Remove line</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>mis. surat jalan 014/BLA/IV/2026</source>
        <translation>e.g. delivery note 014/BLA/IV/2026</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Simpan barang datang</source>
        <translation>Save goods received</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Jumlah:</source>
        <translation>Quantity:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Catatan / no. surat jalan:</source>
        <translation>Note / delivery note no.:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan atau cari setiap produk di surat jalan, dengan jumlahnya.</source>
        <translation>Scan or search for each product on the delivery note, with its quantity.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Jumlah {qty} untuk produk berikutnya.</source>
        <translation>Quantity {qty} for the next product.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{qty} × {name} ditambahkan.</source>
        <translation>{qty} × {name} added.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pilih baris yang akan dihapus.</source>
        <translation>Select the line to remove.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Baris {name} dihapus.</source>
        <translation>Line {name} removed.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{lines} produk, {units} barang</source>
        <translation>{lines} products, {units} items</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Belum ada barang: scan atau cari produk dulu.</source>
        <translation>No goods yet: scan or search for a product first.</translation>
    </message>
</context>
<context>
    <name>ArrivalLinesModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/ledger_model.py" line="+259"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satuan</source>
        <translation>Unit</translation>
    </message>
</context>
<context>
    <name>Ask</name>
    <message>
        <location filename="../../bazaar_pos/ui/ask.py" line="+33"/>
        <source>Ya</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/audit_model.py" line="+33"/>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login gagal</source>
        <translation>Login failed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Akun terkunci</source>
        <translation>Account locked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keluar/ganti pengguna</source>
        <translation>Logout/switch user</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pengguna dibuat</source>
        <translation>User created</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pengguna diubah</source>
        <translation>User changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persetujuan supervisor</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persetujuan ditolak</source>
        <translation>Approval refused</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hapus baris (void)</source>
        <translation>Line removed (void)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batal transaksi</source>
        <translation>Sale cancelled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transaksi ditahan</source>
        <translation>Sale parked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transaksi dilanjutkan</source>
        <translation>Sale resumed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diskon</source>
        <translation>Discount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ubah harga</source>
        <translation>Price change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cetak ulang struk</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift dibuka</source>
        <translation>Shift opened</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kas masuk</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kas keluar</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laporan X</source>
        <translation>X report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hitung laci kas</source>
        <translation>Cash drawer count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift ditutup (Z)</source>
        <translation>Shift closed (Z)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ekspor data</source>
        <translation>Data export</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impor data kasa lain</source>
        <translation>Import from another till</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Produk dibuat</source>
        <translation>Product created</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk diubah</source>
        <translation>Product changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga produk diubah</source>
        <translation>Product price changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk diarsipkan</source>
        <translation>Product archived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk dipulihkan</source>
        <translation>Product restored</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk dihapus</source>
        <translation>Product deleted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barcode internal diberikan</source>
        <translation>Internal barcode assigned</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Instansi dibuat</source>
        <translation>Institution created</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi diubah</source>
        <translation>Institution changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bengkel kerja dibuat</source>
        <translation>Workshop created</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bengkel kerja diubah</source>
        <translation>Workshop changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acara dibuat</source>
        <translation>Event created</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acara diubah</source>
        <translation>Event changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acara aktif diganti</source>
        <translation>Current event changed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pengaturan diubah</source>
        <translation>Setting changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kode kasa diganti</source>
        <translation>Till code changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impor katalog</source>
        <translation>Catalog import</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ekspor katalog</source>
        <translation>Catalog export</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Barang datang</source>
        <translation>Goods arrived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barang rusak/hilang</source>
        <translation>Goods damaged/lost</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mutasi stok dibatalkan</source>
        <translation>Stock movement reversed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penghitungan dimulai</source>
        <translation>Count started</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penghitungan diposting</source>
        <translation>Count posted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penghitungan dibatalkan</source>
        <translation>Count discarded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retur ke instansi</source>
        <translation>Goods returned to institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ekspor log audit</source>
        <translation>Audit log exported</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dijual dengan harga saat scan</source>
        <translation>Sold at the price when scanned</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Jurnal dimulai (catatan lama dirantai)</source>
        <translation>Journal started (older records chained)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keranjang dipulihkan setelah kasa mati</source>
        <translation>Cart recovered after the till stopped</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Impor katalog dibatalkan (dikembalikan)</source>
        <translation>Catalog import undone</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Impor data kasa lain dibatalkan (dikembalikan)</source>
        <translation>Import of another till&apos;s data undone (rolled back)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cadangan dibuat</source>
        <translation>Backup made</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cadangan dipulihkan</source>
        <translation>Backup restored</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ringkasan penjualan ditulis ulang dari catatan</source>
        <translation>Sales summaries written again from the records</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saldo stok ditulis ulang dari mutasi</source>
        <translation>Stock balances written again from the movements</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location line="+21"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kasa</source>
        <translation>Till</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pengguna</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tindakan</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objek</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rincian</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nominal</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disetujui oleh</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No. struk, pengguna atau shift yang dikenai tindakan</source>
        <translation>Receipt no., user or shift the action applies to</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor yang menyetujui dengan PIN-nya</source>
        <translation>The supervisor who approved with their PIN</translation>
    </message>
</context>
<context>
    <name>AuditScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/audit_screen.py" line="+101"/>
        <source>Log audit</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Semua tindakan</source>
        <translation>All actions</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nama pengguna</source>
        <translation>Username</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cari no. struk, rincian, penyetuju</source>
        <translation>Search receipt no., details, approver</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Muat ulang (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Persetujuan supervisor</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Dari:</source>
        <translation>From:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>s.d.</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tindakan:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+24"/>
        <location line="+72"/>
        <source>Masuk sebagai supervisor atau admin untuk melihat log audit.</source>
        <translation>Log in as a supervisor or admin to view the audit log.</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>kasir</source>
        <translation>cashier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log audit hanya dapat dilihat oleh supervisor atau admin. {user} masuk sebagai {role}.</source>
        <translation>The audit log can only be viewed by a supervisor or admin. {user} is logged in as {role}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pengguna {user} tidak aktif lagi: masuk ulang sebagai supervisor atau admin.</source>
        <translation>User {user} is no longer active: log in again as a supervisor or admin.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Tanggal awal jatuh setelah tanggal akhir.</source>
        <translation>The start date is after the end date.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{n} entri terbaru ditampilkan; persempit filter atau ekspor CSV.</source>
        <translation>Showing the latest {n} entries; narrow the filters or export to CSV.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} entri</source>
        <translation>{n} entries</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Ekspor log audit (CSV)</source>
        <translation>Export audit log (CSV)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>CSV tidak dapat disimpan di {path}: {error}</source>
        <translation>The CSV could not be saved to {path}: {error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>CSV disimpan: {path} ({n} entri)</source>
        <translation>CSV saved: {path} ({n} entries)</translation>
    </message>
</context>
<context>
    <name>AutoBackup</name>
    <message>
        <location filename="../../bazaar_pos/ui/backup/auto.py" line="+87"/>
        <source>Cadangan otomatis</source>
        <translation>Automatic backup</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../bazaar_pos/ui/backup/messages.py" line="+24"/>
        <source>Cadangan tidak dibuat: file basis data tidak ditemukan ({detail}). Data yang sudah tersimpan tidak berubah; panggil admin.</source>
        <translation>No backup made: the database file was not found ({detail}). Data already saved is unchanged; call an admin.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cadangan tidak dibuat: basis data kasa ini tidak bisa dibaca (rusak). Panggil admin untuk memulihkan cadangan terakhir yang utuh (Admin → Cadangan).</source>
        <translation>No backup made: this till&apos;s database cannot be read (damaged). Call an admin to restore the latest whole backup (Admin → Backups).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cadangan tidak bisa ditulis ({why}). Penjualan tetap tersimpan di basis data; periksa ruang disk, lalu buat cadangan lagi.</source>
        <translation>The backup could not be written ({why}). Sales are still saved in the database; check the disk space, then make a backup again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cadangan {file} tidak dipulihkan: {problem} Basis data sekarang tidak diubah; pilih cadangan lain yang utuh.</source>
        <translation>Backup {file} was not restored: {problem} The current database is unchanged; choose another backup that is whole.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Utuh.</source>
        <translation>Whole.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>file tidak ada.</source>
        <translation>the file does not exist.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bukan file basis data yang bisa dibaca.</source>
        <translation>not a readable database file.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>file rusak (pemeriksaan SQLite gagal).</source>
        <translation>the file is damaged (SQLite&apos;s check failed).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bukan basis data Bazaar POS.</source>
        <translation>not a Bazaar POS database.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>dibuat oleh versi Bazaar POS yang lebih baru.</source>
        <translation>made by a newer version of Bazaar POS.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>jurnal anti-manipulasi di dalamnya rusak.</source>
        <translation>its tamper-evident journal is broken.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cadangan tersimpan di laptop, tetapi folder kedua {folder} tidak ada (flashdisk tidak terpasang?). Salinan ke sana dibuat lagi lain kali.</source>
        <translation>The backup is saved on the laptop, but the second folder {folder} does not exist (USB stick not plugged in?). The copy there will be made next time.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cadangan tersimpan di laptop, tetapi tidak bisa disalin ke {folder} ({why}).</source>
        <translation>The backup is saved on the laptop, but could not be copied to {folder} ({why}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>disk penuh</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>disk atau flashdisk hanya bisa dibaca</source>
        <translation>the disk or USB stick is read-only</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tidak ada izin menulis</source>
        <translation>no permission to write</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>manual</source>
        <translation>manual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shift dibuka</source>
        <translation>shift opened</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shift ditutup</source>
        <translation>shift closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>berkala (menit)</source>
        <translation>periodic (minutes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>berkala (penjualan)</source>
        <translation>periodic (sales)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sebelum pembaruan</source>
        <translation>before an upgrade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sebelum impor data</source>
        <translation>before a data import</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sebelum impor katalog</source>
        <translation>before a catalog import</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>aplikasi ditutup</source>
        <translation>app closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sebelum pemulihan</source>
        <translation>before a restore</translation>
    </message>
</context>
<context>
    <name>BackupScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/backup/backup_screen.py" line="+55"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penjualan</source>
        <translation>Sales</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Struk terakhir</source>
        <translation>Last receipt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ukuran (KB)</source>
        <translation>Size (KB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cadangan basis data</source>
        <translation>Database backups</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cadangan dibuat otomatis saat shift dibuka dan ditutup, berkala selama berjualan, sebelum pembaruan dan impor, dan saat aplikasi ditutup. Setiap cadangan diperiksa setelah ditulis. Memulihkan cadangan mengganti basis data sekarang; file yang diganti disimpan di folder &apos;replaced&apos;, tidak dihapus.</source>
        <translation>Backups are made automatically when a shift opens and closes, periodically while selling, before upgrades and imports, and when the app closes. Each backup is checked after it is written. Restoring a backup replaces the current database; the replaced file is kept in the &apos;replaced&apos; folder, not deleted.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Buat cadangan sekarang</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pulihkan cadangan terpilih…</source>
        <translation>Restore the selected backup…</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Memeriksa cadangan</source>
        <translation>Checking the backup</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Membuat cadangan</source>
        <translation>Making a backup</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cadangan ditulis tetapi gagal diperiksa: {problem} Panggil admin.</source>
        <translation>The backup was written but failed its check: {problem} Call an admin.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cadangan dibuat dan diperiksa: {file}</source>
        <translation>Backup made and checked: {file}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pilih dulu cadangan yang akan dipulihkan.</source>
        <translation>First choose the backup to restore.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pulihkan cadangan {time} ({sales} penjualan, struk terakhir {last})?

Semua yang dicatat sesudah cadangan itu tidak ada lagi di kasa ini (file yang diganti disimpan di folder &apos;replaced&apos;). Aplikasi ditutup sesudahnya; buka lagi.</source>
        <translation>Restore the backup of {time} ({sales} sales, last receipt {last})?

Everything recorded after that backup will no longer be on this till (the replaced file is kept in the &apos;replaced&apos; folder). The app closes afterwards; open it again.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Pulihkan cadangan</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Memulihkan cadangan</source>
        <translation>Restoring the backup</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cadangan {file} dipulihkan.</source>
        <translation>Backup {file} restored.</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/till/cart_model.py" line="+53"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jml</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diskon</source>
        <translation>Discount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>{name} (harga saat scan; katalog kini {price})</source>
        <translation>{name} (price at scan; catalog now {price})</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Disetujui {name}</source>
        <translation>Approved by {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Harga diubah; harga katalog {price}</source>
        <translation>Price changed; catalog price {price}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Melebihi stok tercatat ({on_hand})</source>
        <translation>More than the recorded stock ({on_hand})</translation>
    </message>
</context>
<context>
    <name>CatalogImportDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/import_dialog.py" line="+82"/>
        <location line="+77"/>
        <source>Impor katalog dari CSV</source>
        <translation>Import catalog from CSV</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>CSV (*.csv *.txt);;Semua file (*)</source>
        <translation>CSV (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Pilih file lain…</source>
        <translation>Choose another file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pratinjau lagi</source>
        <translation>Preview again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baca ulang file setelah diperbaiki</source>
        <translation>Read the file again after fixing it</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+11"/>
        <location line="+11"/>
        <source>Baris</source>
        <translation>Line</translation>
    </message>
    <message>
        <location line="-21"/>
        <location line="+11"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+11"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+8"/>
        <source>Kolom</source>
        <translation>Column</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Sebelum</source>
        <translation>Before</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sesudah</source>
        <translation>After</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Masalah</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Impor</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Impor katalog masih berjalan: tunggu, atau tekan Batal dulu.</source>
        <translation>The catalog import is still running: wait, or press Cancel first.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>File: {path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Pratinjau impor</source>
        <translation>Import preview</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memeriksa baris {done} dari {total}…</source>
        <translation>Checking line {done} of {total}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pratinjau dibatalkan. Belum ada yang diimpor.</source>
        <translation>Preview cancelled. Nothing has been imported.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Belum ada file yang diperiksa.</source>
        <translation>No file checked yet.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>{count} masalah di file: tidak ada yang bisa diimpor. Perbaiki file lalu pratinjau lagi.</source>
        <translation>Problems in the file: {count}. Nothing can be imported; fix the file, then preview again.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tidak ada perubahan: katalog sudah sama dengan file ini.</source>
        <translation>No changes: the catalog already matches this file.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Belum ada yang disimpan. Periksa daftarnya, lalu tekan Impor: semua baris disimpan sekaligus, atau tidak sama sekali.</source>
        <translation>Nothing has been saved yet. Check the lists, then press Import: all lines are saved at once, or none at all.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Masalah ({count})</source>
        <translation>Problems ({count})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Baru ({count})</source>
        <translation>New ({count})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Berubah ({count})</source>
        <translation>Changed ({count})</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>ya</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tidak</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(kosong)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;{rows}&lt;/b&gt; baris produk di file: &lt;b&gt;{added}&lt;/b&gt; baru · &lt;b&gt;{changed}&lt;/b&gt; berubah · &lt;b&gt;{same}&lt;/b&gt; sama</source>
        <translation>&lt;b&gt;{rows}&lt;/b&gt; product lines in the file: &lt;b&gt;{added}&lt;/b&gt; new · &lt;b&gt;{changed}&lt;/b&gt; changed · &lt;b&gt;{same}&lt;/b&gt; unchanged</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{code} {name} (baris {line})</source>
        <translation>{code} {name} (line {line})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{names} dan {count} lainnya</source>
        <translation>{names} and {count} more</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bengkel kerja baru: {names}</source>
        <translation>New workshops: {names}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kolom yang tidak dikenal (diabaikan): {columns}</source>
        <translation>Unknown columns (ignored): {columns}</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+62"/>
        <source>Perbaiki file lalu pratinjau lagi.</source>
        <translation>Fix the file, then preview again.</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>Impor katalog</source>
        <translation>Import catalog</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mengimpor baris {done} dari {total}…</source>
        <translation>Importing line {done} of {total}…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Impor selesai: {added} produk baru, {changed} berubah, {same} sama, {workshops} bengkel kerja baru.</source>
        <translation>Import finished — new products: {added}, changed: {changed}, unchanged: {same}, new workshops: {workshops}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sudah diimpor. Tutup jendela ini untuk kembali ke katalog.</source>
        <translation>Imported. Close this window to return to the catalog.</translation>
    </message>
</context>
<context>
    <name>CountScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/count_screen.py" line="+364"/>
        <source>&amp;Mulai penghitungan…</source>
        <translation>Start cou&amp;nt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Posting…</source>
        <translation>&amp;Post…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Batalkan penghitungan…</source>
        <translation>&amp;Discard count…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Laporan selisih</source>
        <translation>&amp;Variance report</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Saring nama / SKU / barcode…</source>
        <translation>Filter name / SKU / barcode…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hanya yang belum dihitung</source>
        <translation>Only not yet counted</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Sesi:</source>
        <translation>Session:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Instansi:</source>
        <translation>Institution:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kategori:</source>
        <translation>Category:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>scan = tambah 1</source>
        <translation>scan = add 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>12*</source>
        <translation>12*</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>jumlah untuk scan berikutnya</source>
        <translation>quantity for the next scan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>↑ ↓</source>
        <translation>↑ ↓</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>pilih baris</source>
        <translation>select line</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F4</source>
        <translation>F4</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ketik jumlah baris terpilih</source>
        <translation>type the selected line&apos;s quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F2</source>
        <translation>F2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ke kolom scan</source>
        <translation>to the scan field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>kosongkan kolom scan</source>
        <translation>clear the scan field</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Awal</source>
        <translation>Opening</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Akhir</source>
        <translation>Closing</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+249"/>
        <source>Cek acak</source>
        <translation>Spot check</translation>
    </message>
    <message>
        <location line="-243"/>
        <source>terbuka</source>
        <translation>open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diposting</source>
        <translation>posted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dibatalkan</source>
        <translation>discarded</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>semua instansi</source>
        <translation>all institutions</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{counted} dari {total} dihitung</source>
        <translation>{counted} of {total} counted</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>buta</source>
        <translation>blind</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>&lt;b&gt;Belum ada acara dipilih.&lt;/b&gt; Pilih acara di Kasir → Pengaturan (Ctrl+,) atau buat acara di Katalog → Acara, lalu kembali ke sini.</source>
        <translation>&lt;b&gt;No event selected yet.&lt;/b&gt; Choose an event in Till → Settings (Ctrl+,) or create one in Catalog → Events, then come back here.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Acara: &lt;b&gt;{name}&lt;/b&gt; — {venue}</source>
        <translation>Event: &lt;b&gt;{name}&lt;/b&gt; — {venue}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(belum ada penghitungan)</source>
        <translation>(no counts yet)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Semua instansi</source>
        <translation>All institutions</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Semua kategori</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{shown} dari {total} baris</source>
        <translation>{shown} of {total} lines</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Scan barcode / ketik SKU lalu Enter — 12* lalu scan untuk 12 sekaligus</source>
        <translation>Scan a barcode / type a SKU then Enter — 12* then scan to count 12 at once</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tidak ada penghitungan terbuka — tekan «Mulai penghitungan…»</source>
        <translation>No open count — press «Start count…»</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tekan «Mulai penghitungan…» untuk menghitung barang acara ini.</source>
        <translation>Press «Start count…» to count this event&apos;s goods.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Penghitungan awal (barang datang)</source>
        <translation>Opening count (goods received)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penghitungan akhir (sisa barang)</source>
        <translation>Closing count (remaining goods)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>dihitung oleh {name}</source>
        <translation>counted by {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mulai {time}</source>
        <translation>started {time}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>hitung buta</source>
        <translation>blind count</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Penghitungan ini dibatalkan: tidak ada yang ditulis ke buku stok.</source>
        <translation>This count was discarded: nothing was written to the stock ledger.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;Diposting {time}&lt;/b&gt; oleh {counted_by}, diawasi {supervised_by}: {adjustments} penyesuaian ditulis ke buku stok; selisih {units} barang ({value}).</source>
        <translation>&lt;b&gt;Posted {time}&lt;/b&gt; by {counted_by}, supervised by {supervised_by}: {adjustments} adjustment(s) written to the stock ledger; variance {units} item(s) ({value}).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{n} produk tidak dihitung dan dianggap 0: {names}.</source>
        <translation>Products not counted and taken as 0 ({n}): {names}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+7"/>
        <source>dan {n} lainnya</source>
        <translation>and {n} more</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>{n} produk belum dihitung (stoknya tidak diubah): {names}.</source>
        <translation>Products not counted, stock left unchanged ({n}): {names}.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Pilih acara dulu (Kasir → Pengaturan), baru barangnya bisa dihitung.</source>
        <translation>Choose an event first (Till → Settings); then its goods can be counted.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Jumlah seharusnya disembunyikan sampai diposting.</source>
        <translation>Expected quantities are hidden until the count is posted.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan tiap barang, atau ketik jumlahnya di kolom Dihitung.</source>
        <translation>Scan each item, or type its quantity in the Counted column.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Penghitungan #{id} dimulai: {n} produk. {hint}</source>
        <translation>Count #{id} started: {n} products. {hint}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tidak ada penghitungan terbuka untuk diposting.</source>
        <translation>There is no open count to post.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Belum diposting: penghitungan tetap terbuka.</source>
        <translation>Not posted: the count stays open.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Penghitungan #{id} diposting: {adjustments} penyesuaian ditulis, selisih {units} barang ({value}).</source>
        <translation>Count #{id} posted: {adjustments} adjustment(s) written, variance {units} item(s) ({value}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Belum dihitung: {n}.</source>
        <translation>Not counted yet: {n}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Tidak ada penghitungan terbuka untuk dibatalkan.</source>
        <translation>There is no open count to discard.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Batalkan penghitungan #{id}? {progress}; semua hitungannya dibuang. Buku stok tidak berubah. Ini tidak bisa dikembalikan.</source>
        <translation>Discard count #{id}? {progress}; all its counted quantities are thrown away. The stock ledger does not change. This cannot be undone.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Batalkan penghitungan</source>
        <translation>Discard count</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Penghitungan #{id} dibatalkan; buku stok tidak berubah.</source>
        <translation>Count #{id} discarded; the stock ledger is unchanged.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Belum ada penghitungan terbuka: tekan «Mulai penghitungan…» dulu.</source>
        <translation>No open count yet: press «Start count…» first.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{name}: dikosongkan, belum dihitung</source>
        <translation>{name}: cleared, not counted yet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>seharusnya {expected}</source>
        <translation>expected {expected}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(barisnya tersembunyi oleh saringan)</source>
        <translation>(its line is hidden by the filter)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Tidak ada penghitungan terbuka.</source>
        <translation>No open count.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pilih baris dulu (↑ ↓ atau klik).</source>
        <translation>Select a line first (↑ ↓ or click).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Jumlah dihitung</source>
        <translation>Counted quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} ({sku}) — jumlah dihitung (kosong = belum dihitung):</source>
        <translation>{name} ({sku}) — counted quantity (empty = not counted yet):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Scan berikutnya dihitung {qty}</source>
        <translation>Next scan counts {qty}</translation>
    </message>
</context>
<context>
    <name>CountSheetModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/count_model.py" line="+161"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seharusnya</source>
        <translation>Expected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dihitung</source>
        <translation>Counted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih</source>
        <translation>Variance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih Rp</source>
        <translation>Variance Rp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penyesuaian</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stok saat penghitungan dimulai, ditambah mutasi sesudahnya (penjualan selama penghitungan sudah diperhitungkan).</source>
        <translation>Stock when the count started, plus the movements since (sales during the count are already taken into account).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kosong = belum dihitung (berbeda dengan 0).</source>
        <translation>Empty = not counted yet (not the same as 0).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dihitung dikurangi seharusnya; minus = barang kurang.</source>
        <translation>Counted minus expected; negative = items missing.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih × harga jual.</source>
        <translation>Variance × selling price.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mutasi penyesuaian yang ditulis ke buku stok saat posting.</source>
        <translation>The adjustment movement written to the stock ledger when the count was posted.</translation>
    </message>
    <message>
        <location line="+200"/>
        <source>Tidak dihitung; dianggap 0 saat posting.</source>
        <translation>Not counted; taken as 0 when posted.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Belum dihitung.</source>
        <translation>Not counted yet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} — {unit}, kategori {category}, barcode {barcode}</source>
        <translation>{name} — {unit}, category {category}, barcode {barcode}</translation>
    </message>
</context>
<context>
    <name>DamageDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/ledger_screen.py" line="+34"/>
        <source>Barang rusak / hilang</source>
        <translation>Damaged / lost goods</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>wajib, mis. pecah saat diangkut</source>
        <translation>required, e.g. broken in transport</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catat rusak/hilang</source>
        <translation>Record damaged/lost</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Produk:</source>
        <translation>Product:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jumlah:</source>
        <translation>Quantity:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alasan:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Belum ada produk dipilih.</source>
        <translation>No product selected yet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} ({sku}, {institution}) — stok tercatat {on_hand} {unit}</source>
        <translation>{name} ({sku}, {institution}) — recorded stock {on_hand} {unit}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pilih produk dulu: scan atau cari namanya.</source>
        <translation>Choose a product first: scan it or search for its name.</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <location filename="../../bazaar_pos/ui/papers/documents.py" line="+110"/>
        <source>Tidak ada printer atau penampil PDF; buka berkasnya sendiri.</source>
        <translation>No printer or PDF viewer; open the file yourself.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>PDF disimpan di {path}, tetapi: {problem}</source>
        <translation>PDF saved to {path}, but: {problem}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dicetak. PDF: {path}</source>
        <translation>Printed. PDF: {path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PDF dibuka: {path}</source>
        <translation>PDF opened: {path}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tidak dicetak. PDF tetap tersimpan: {path}</source>
        <translation>Not printed. The PDF is still saved: {path}</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/events_screen.py" line="+165"/>
        <source>Acara baru</source>
        <translation>New event</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ubah acara</source>
        <translation>Edit event</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>mis. Bazar HBP ke-63</source>
        <translation>e.g. Bazar HBP ke-63</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mis. Halaman Rutan Kelas I Samarinda</source>
        <translation>e.g. courtyard of Rutan Kelas I Samarinda</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tanggal belum ditentukan</source>
        <translation>Dates not set yet</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>sampai</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nama acara</source>
        <translation>Event name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tanggal</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi peserta</source>
        <translation>Participating institutions</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Tempat</source>
        <translation>Venue</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <location line="-101"/>
        <source>Acara</source>
        <translation>Event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tempat</source>
        <translation>Venue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanggal</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kasa ini</source>
        <translation>This till</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>✔ acara aktif</source>
        <translation>✔ active event</translation>
    </message>
</context>
<context>
    <name>EventsScreen</name>
    <message>
        <location line="+173"/>
        <source>Acara baru</source>
        <translation>New event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ubah</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jadikan acara aktif</source>
        <translation>Set as active event</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Kasa ini belum punya acara aktif: pilih acara lalu &apos;Jadikan acara aktif&apos;.</source>
        <translation>This till has no active event yet: select an event, then &apos;Set as active event&apos;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Acara aktif kasa {till}: &lt;b&gt;{name}&lt;/b&gt; — {venue}, {dates}</source>
        <translation>Active event of till {till}: &lt;b&gt;{name}&lt;/b&gt; — {venue}, {dates}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Acara &apos;{name}&apos; disimpan. Jadikan acara aktif agar penjualan masuk ke acara ini.</source>
        <translation>Event &apos;{name}&apos; saved. Set it as the active event so that sales are booked to it.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pilih acara yang akan diubah.</source>
        <translation>Select the event to edit.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Acara &apos;{name}&apos; disimpan.</source>
        <translation>Event &apos;{name}&apos; saved.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pilih acara yang akan dijadikan acara aktif.</source>
        <translation>Select the event to set as active.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&apos;{name}&apos; sekarang acara aktif kasa {till}: penjualan, penerimaan barang dan penghitungan berikutnya masuk ke acara ini.</source>
        <translation>&apos;{name}&apos; is now the active event of till {till}: the next sales, goods received and counts are booked to this event.</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/login_dialog.py" line="-117"/>
        <source>Admin pertama</source>
        <translation>First admin</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Belum ada pengguna. Buat akun admin: admin menambah kasir dan supervisor, mengatur peran dan mereset PIN. Tanpa admin, aplikasi ini tidak dapat dipakai.</source>
        <translation>There are no users yet. Create the admin account: the admin adds cashiers and supervisors, sets roles and resets PINs. Without an admin this app cannot be used.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>mis. admin atau budi.s</source>
        <translation>e.g. admin or budi.s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>4–8 angka</source>
        <translation>4–8 digits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ketik ulang PIN</source>
        <translation>type the PIN again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nama pengguna</source>
        <translation>Username</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ulangi PIN</source>
        <translation>Repeat PIN</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Buat admin</source>
        <translation>Create admin</translation>
    </message>
</context>
<context>
    <name>FolderInUse</name>
    <message>
        <location filename="../../bazaar_pos/ui/folder_in_use.py" line="+25"/>
        <source>Bazaar POS sudah terbuka</source>
        <translation>Bazaar POS is already open</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bazaar POS sudah terbuka untuk folder data ini:
{folder}</source>
        <translation>Bazaar POS is already open for this data folder:
{folder}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder data sedang dipakai</source>
        <translation>The data folder is in use</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder data ini sedang dipakai oleh perintah {command}:
{folder}</source>
        <translation>This data folder is being used by the command {command}:
{folder}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Dibuka {time} (proses {pid}).</source>
        <translation>Opened {time} (process {pid}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pakai jendela yang sudah terbuka (lihat di taskbar), jangan membuka yang kedua: dua jendela pada satu folder data saling menimpa keranjang yang sedang dibuka.</source>
        <translation>Use the window that is already open (look in the taskbar) instead of opening a second one: two windows on one data folder overwrite each other&apos;s open cart.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kalau jendela itu tidak terlihat atau tidak merespons, tutup dulu ({quit}; kalau macet, hentikan prosesnya), lalu buka Bazaar POS lagi. Keranjang yang sedang dibuka tidak hilang.</source>
        <translation>If that window cannot be seen or does not respond, close it first ({quit}; if it is stuck, end its process), then open Bazaar POS again. The open cart is not lost.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kasir → Keluar</source>
        <translation>Till → Quit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tunggu sampai perintah itu selesai, lalu buka Bazaar POS lagi.</source>
        <translation>Wait until that command is done, then open Bazaar POS again.</translation>
    </message>
</context>
<context>
    <name>ImportProgress</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/import_dialog.py" line="-351"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Membaca file…</source>
        <translation>Reading the file…</translation>
    </message>
</context>
<context>
    <name>ImportSummaryDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/sync/dialogs.py" line="+414"/>
        <source>Hasil impor</source>
        <translation>Import results</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{count} ekspor diimpor; ekspor berikutnya ditolak (lihat di bawah), tidak ada yang ditulis darinya dan sisanya tidak dicoba.</source>
        <translation>Exports imported: {count}; the next export was rejected (see below), nothing was written from it and the rest were not tried.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Impor ditolak: tidak ada yang ditulis.</source>
        <translation>Import rejected: nothing was written.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} ekspor diimpor; {rows} baris ditambahkan atau diperbarui.</source>
        <translation>Exports imported: {count}; rows added or updated: {rows}.</translation>
    </message>
</context>
<context>
    <name>ImportSummaryModel</name>
    <message>
        <location line="-77"/>
        <source>Kasa</source>
        <translation>Till</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ekspor ke-</source>
        <translation>Export #</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ditambahkan</source>
        <translation>Added</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sudah ada</source>
        <translation>Already here</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diperbarui</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catatan</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sidik kunci</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Baris yang sudah ada di sini (impor ulang / tumpang tindih)</source>
        <translation>Rows already here (re-import / overlap)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data referensi yang berbeda di sini; data di sini dipakai</source>
        <translation>Reference data that differs here; the data here is kept</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kunci yang menandatangani ekspor; cocokkan dengan laporan Z kasa itu</source>
        <translation>The key that signed the export; compare it with that till&apos;s Z report</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>sudah pernah diimpor</source>
        <translation>already imported</translation>
    </message>
</context>
<context>
    <name>InstitutionDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/institutions_screen.py" line="+165"/>
        <source>Instansi baru</source>
        <translation>New institution</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ubah instansi {code}</source>
        <translation>Edit institution {code}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>2–8 huruf/angka, mis. BPN</source>
        <translation>2–8 letters/digits, e.g. BPN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mis. Rutan Kelas IIA Balikpapan</source>
        <translation>e.g. Rutan Kelas IIA Balikpapan</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>otomatis</source>
        <translation>automatic</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nomor 0–99 ada di dalam barcode internal (20NN…), jadi label menunjukkan asal barang. Kosongkan agar dipilih otomatis. Setelah barcode dicetak, nomor tidak bisa diubah lagi.</source>
        <translation>The number 0–99 is part of the internal barcodes (20NN…), so a label shows where the goods come from. Leave it empty to have one chosen automatically. Once barcodes have been printed, the number can no longer be changed.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nomor barcode</source>
        <translation>Barcode number</translation>
    </message>
</context>
<context>
    <name>InstitutionStatusModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/return_screen.py" line="+99"/>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hitung akhir</source>
        <translation>Closing count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serah terima</source>
        <translation>Handover</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>diposting</source>
        <translation>posted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>masih terbuka</source>
        <translation>still open</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>belum</source>
        <translation>not yet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>sudah diserahkan</source>
        <translation>handed over</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Posting penghitungan akhir dulu, baru barang dikembalikan.</source>
        <translation>Post the closing count first; then the goods can be returned.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Penghitungan akhir masih terbuka: posting dulu.</source>
        <translation>The closing count is still open: post it first.</translation>
    </message>
</context>
<context>
    <name>InstitutionTableModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/institutions_screen.py" line="-112"/>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Products</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Dua angka di dalam barcode internal: 20{number}…</source>
        <translation>The two digits inside its internal barcodes: 20{number}…</translation>
    </message>
</context>
<context>
    <name>InstitutionsScreen</name>
    <message>
        <location line="+161"/>
        <source>Instansi baru</source>
        <translation>New institution</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ubah instansi</source>
        <translation>Edit institution</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bengkel baru</source>
        <translation>New workshop</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ganti nama bengkel</source>
        <translation>Rename workshop</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Arsipkan bengkel</source>
        <translation>Archive workshop</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pulihkan bengkel</source>
        <translation>Restore workshop</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Pilih instansi untuk melihat bengkel kerjanya.</source>
        <translation>Select an institution to see its workshops.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bengkel kerja {code} — {name}</source>
        <translation>Workshops of {code} — {name}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Instansi {code} disimpan, nomor barcode {number}.</source>
        <translation>Institution {code} saved, barcode number {number}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pilih instansi yang akan diubah.</source>
        <translation>Select the institution to edit.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Instansi {code} disimpan.</source>
        <translation>Institution {code} saved.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Pilih instansi dulu.</source>
        <translation>Select an institution first.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bengkel kerja baru</source>
        <translation>New workshop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama bengkel kerja {code} (mis. Anyaman bambu, Kafe):</source>
        <translation>Workshop name for {code} (e.g. Bamboo weaving, Café):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{problem}

Nama bengkel kerja {code}:</source>
        <translation>{problem}

Workshop name for {code}:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Bengkel kerja &apos;{name}&apos; ditambahkan ke {code}.</source>
        <translation>Workshop &apos;{name}&apos; added to {code}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pilih bengkel kerja yang akan diganti namanya.</source>
        <translation>Select the workshop to rename.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ganti nama bengkel kerja</source>
        <translation>Rename workshop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama baru untuk &apos;{name}&apos; (penjualan lama ikut memakai nama baru):</source>
        <translation>New name for &apos;{name}&apos; (past sales will show the new name too):</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{problem}

Nama baru untuk &apos;{name}&apos;:</source>
        <translation>{problem}

New name for &apos;{name}&apos;:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Bengkel kerja &apos;{old}&apos; sekarang bernama &apos;{new}&apos;.</source>
        <translation>Workshop &apos;{old}&apos; is now called &apos;{new}&apos;.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pilih bengkel kerja dulu.</source>
        <translation>Select a workshop first.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Bengkel kerja &apos;{name}&apos; dipulihkan.</source>
        <translation>Workshop &apos;{name}&apos; restored.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bengkel kerja &apos;{name}&apos; diarsipkan: tidak ditawarkan untuk produk baru; produk dan penjualan lamanya tetap.</source>
        <translation>Workshop &apos;{name}&apos; archived: it is no longer offered for new products; its existing products and past sales stay.</translation>
    </message>
</context>
<context>
    <name>IntegrityScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/integrity_screen.py" line="+139"/>
        <source> (kasa ini)</source>
        <translation> (this till)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>utuh</source>
        <translation>whole</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>di luar rantai</source>
        <translation>outside every chain</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Kasa</source>
        <translation>Till</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mata rantai</source>
        <translation>Links</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ujung rantai</source>
        <translation>Chain head</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total besar kumulatif</source>
        <translation>Perpetual grand total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keadaan</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+32"/>
        <location line="+71"/>
        <source>Pemeriksaan jurnal</source>
        <translation>Journal check</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Setiap penjualan, refund, laporan Z, mutasi stok dan kas, penghitungan, serah terima dan log audit dirantai dengan SHA-256 per kasa. Pemeriksaan menelusuri seluruh rantai dan menyebut catatan pertama yang diubah, dihapus, disisipkan atau ditukar urutannya.</source>
        <translation>Every sale, refund, Z report, stock and cash movement, count, handover and audit entry is chained with SHA-256 per till. The check walks every chain and names the first record that was changed, deleted, inserted or reordered.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Periksa sekarang</source>
        <translation>Check now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tulis ulang ringkasan</source>
        <translation>Write the summaries again</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tulis ulang saldo stok</source>
        <translation>Write the stock balances again</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Jurnal utuh: {links} mata rantai diperiksa dalam {seconds} detik.</source>
        <translation>The journal is whole: {links} links checked in {seconds} s.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>JURNAL RUSAK: {count} masalah. Yang pertama: {first}</source>
        <translation>JOURNAL BROKEN: {count} problem(s). The first: {first}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>STOK TIDAK COCOK: saldo stok {count} produk berbeda dari jumlah mutasinya. Yang pertama: {sku}, saldo {balance}, mutasi {ledger}. Mutasinya sendiri utuh: tekan &apos;Tulis ulang saldo stok&apos;.</source>
        <translation>STOCK DOES NOT MATCH: the stock balance of {count} product(s) differs from the sum of its movements. The first: {sku}, balance {balance}, movements {ledger}. The movements themselves are whole: press &apos;Write the stock balances again&apos;.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Menulis ulang saldo stok</source>
        <translation>Writing the stock balances again</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>RINGKASAN PENJUALAN TIDAK COCOK: {count} tabel berbeda dari catatan penjualan ({tables}); laporan penjualan membacanya. Catatannya sendiri utuh: tekan &apos;Tulis ulang ringkasan&apos;.</source>
        <translation>SALES SUMMARIES DO NOT MATCH: {count} table(s) differ from the sales records ({tables}); the sales report reads them. The records themselves are whole: press &apos;Write the summaries again&apos;.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Menulis ulang ringkasan penjualan</source>
        <translation>Writing the sales summaries again</translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <location line="-302"/>
        <source>penjualan per produk</source>
        <translation>sales by product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>penjualan per produk sepanjang acara</source>
        <translation>sales by product over the event</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>penjualan per kasir</source>
        <translation>sales by cashier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>struk per instansi</source>
        <translation>receipts by institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>penjualan per bengkel kerja</source>
        <translation>sales by workshop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>struk per kategori</source>
        <translation>receipts by category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>penjualan per cara bayar</source>
        <translation>sales by payment method</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>isinya diubah</source>
        <translation>its content was changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>catatannya dihapus</source>
        <translation>the record was deleted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>catatan tidak ada di rantai (disisipkan)</source>
        <translation>record not in the chain (inserted)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mata rantai hilang</source>
        <translation>a link is missing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mata rantai diubah</source>
        <translation>a link was altered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>urutan rantai rusak</source>
        <translation>the chain&apos;s order is broken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nomor struk terakhir tidak cocok dengan penghitung (struk dipotong)</source>
        <translation>the last receipt number does not match the counter (receipts cut off)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>penjualan</source>
        <translation>sale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refund</source>
        <translation>refund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>laporan Z</source>
        <translation>Z report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kas masuk/keluar</source>
        <translation>cash in/out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mutasi stok</source>
        <translation>stock movement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>penghitungan stok</source>
        <translation>stock count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>serah terima</source>
        <translation>handover</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>log audit</source>
        <translation>audit log</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>rantai</source>
        <translation>chain</translation>
    </message>
    <message>
        <location line="+281"/>
        <source>PERINGATAN: jurnal kasa ini rusak. Catatan pertama yang bermasalah: {first}. Panggil supervisor sebelum melanjutkan.</source>
        <translation>WARNING: this till&apos;s journal is broken. The first bad record: {first}. Call a supervisor before going on.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Buka pemeriksaan jurnal</source>
        <translation>Open the journal check</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Jurnal rusak</source>
        <translation>Journal broken</translation>
    </message>
</context>
<context>
    <name>LabelPrintDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/label_dialog.py" line="+66"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cetak label barcode</source>
        <translation>Print barcode labels</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Untuk lembar yang sudah terpakai sebagian: nomor label pertama yang masih kosong, dihitung dari kiri atas, baris demi baris.</source>
        <translation>For a partly used sheet: the number of the first empty label, counted from the top left, row by row.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{name} (tidak terhubung)</source>
        <translation>{name} (not connected)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(tidak ada printer — simpan PDF saja)</source>
        <translation>(no printer — save PDF only)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cetak</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Simpan PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ukuran label</source>
        <translation>Label size</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mulai dari label ke-</source>
        <translation>Start at label number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Salinan per produk</source>
        <translation>Copies per product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>{count} label untuk {products} produk · {sheets} lembar A4</source>
        <translation>Labels: {count} for {products} product(s) · A4 sheets: {sheets}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} label termal untuk {products} produk</source>
        <translation>Thermal labels: {count} for {products} product(s)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Simpan label sebagai PDF</source>
        <translation>Save labels as PDF</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+18"/>
        <location line="+17"/>
        <location line="+18"/>
        <source>Label barcode</source>
        <translation>Barcode labels</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>Berkas {path} tidak dapat ditulis: {error}</source>
        <translation>Cannot write the file {path}: {error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Label disimpan: {path}</source>
        <translation>Labels saved: {path}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Belum ada printer yang dipilih. Pilih printer, atau simpan PDF saja.</source>
        <translation>No printer chosen yet. Choose a printer, or just save a PDF.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{count} label dikirim ke printer {name}.</source>
        <translation>Labels sent to printer {name}: {count}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} label dicetak.</source>
        <translation>Labels printed: {count}.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{names} dan {count} lainnya</source>
        <translation>{names} and {count} more</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Produk ini belum punya barcode EAN-13: {names}. Buat barcode internal dulu di katalog, lalu cetak labelnya.</source>
        <translation>These products have no EAN-13 barcode yet: {names}. Create internal barcodes in the catalog first, then print their labels.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Posisi awal {position} tidak ada di lembar ini: pilih 1 sampai {maximum}.</source>
        <translation>Start position {position} is not on this sheet: choose 1 to {maximum}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah salinan {copies} tidak valid: pilih 1 sampai {maximum}.</source>
        <translation>Invalid number of copies {copies}: choose 1 to {maximum}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Belum ada produk yang dipilih untuk dicetak labelnya.</source>
        <translation>No products selected yet to print labels for.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Produk id {id} sudah tidak ada atau diarsipkan; labelnya tidak dapat dicetak.</source>
        <translation>Product id {id} no longer exists or is archived; its label cannot be printed.</translation>
    </message>
</context>
<context>
    <name>Ledger</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/ledger_model.py" line="-213"/>
        <source>Barang datang</source>
        <translation>Goods received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penyesuaian hitung</source>
        <translation>Count adjustment</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Penjualan</source>
        <translation>Sale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retur ke instansi</source>
        <translation>Return to institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rusak/hilang</source>
        <translation>Damaged/lost</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Hasil penghitungan awal</source>
        <translation>Opening count result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hasil penghitungan akhir</source>
        <translation>Closing count result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hasil hitung cek</source>
        <translation>Spot check result</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Serah terima {ref}</source>
        <translation>Handover {ref}</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location line="+30"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dicatat oleh</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pembatalan</source>
        <translation>Reversal</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Mutasi ini dibatalkan oleh #{id}: tidak lagi dihitung.</source>
        <translation>This movement was reversed by #{id}: it no longer counts.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pembatalan mutasi #{id}.</source>
        <translation>Reversal of movement #{id}.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>dibatalkan oleh #{id}</source>
        <translation>reversed by #{id}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>membatalkan #{id}</source>
        <translation>reverses #{id}</translation>
    </message>
</context>
<context>
    <name>LedgerScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/ledger_screen.py" line="+33"/>
        <location line="+115"/>
        <source>Mutasi stok</source>
        <translation>Stock movements</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Cari produk (nama / SKU)</source>
        <translation>Search product (name / SKU)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Semua jenis</source>
        <translation>All types</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Muat ulang (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>dibatalkan oleh #99.999</source>
        <translation>reversed by #99.999</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Barang datang…</source>
        <translation>Goods received…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rusak/hilang…</source>
        <translation>Damaged/lost…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batalkan mutasi…</source>
        <translation>Reverse movement…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Jenis:</source>
        <translation>Type:</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Belum ada acara dipilih: pilih acara di Kasir → Pengaturan.</source>
        <translation>No event selected yet: choose an event in Till → Settings.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mutasi stok — {event}</source>
        <translation>Stock movements — {event}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{shown} mutasi</source>
        <translation>{shown} movements</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{shown} dari {limit} mutasi terbaru</source>
        <translation>{shown} of the latest {limit} movements</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Pilih dulu mutasi yang akan dibatalkan.</source>
        <translation>First select the movement to reverse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sudah dibatalkan oleh #{id}.</source>
        <translation>Already reversed by #{id}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ini pembatalan mutasi #{id}; catat ulang mutasinya bila perlu.</source>
        <translation>This is the reversal of movement #{id}; record the movement again if needed.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Penjualan dibatalkan lewat refund, tidak di sini.</source>
        <translation>Sales are reversed with a refund, not here.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hasil hitung dikoreksi dengan penghitungan baru, tidak di sini.</source>
        <translation>Count results are corrected with a new count, not here.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mutasi jenis ini tidak bisa dibatalkan di sini.</source>
        <translation>Movements of this type cannot be reversed here.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Catat mutasi kebalikannya; yang asli tetap tercatat.</source>
        <translation>Records the opposite movement; the original stays on record.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Batalkan mutasi</source>
        <translation>Reverse movement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batalkan #{id} ({kind} {qty} {name})?
Alasan pembatalan:</source>
        <translation>Reverse #{id} ({kind} {qty} {name})?
Reason for the reversal:</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Mutasi #{id} dibatalkan oleh #{reversal} ({qty} {name}).</source>
        <translation>Movement #{id} reversed by #{reversal} ({qty} {name}).</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+22"/>
        <source>Pilih acara dulu (Kasir → Pengaturan).</source>
        <translation>Choose an event first (Till → Settings).</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Barang datang dicatat: {lines} produk, {units} barang.</source>
        <translation>Goods received recorded: {lines} products, {units} items.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Rusak/hilang dicatat: {qty} × {name} ({reason}).</source>
        <translation>Damaged/lost recorded: {qty} × {name} ({reason}).</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/login_dialog.py" line="-48"/>
        <source>Masuk — kasa {till}</source>
        <translation>Log in — till {till}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>4–8 angka</source>
        <translation>4–8 digits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pengguna</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../bazaar_pos/ui/main_window.py" line="+213"/>
        <source>kasir</source>
        <translation>cashier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kasir {till}</source>
        <translation>Till {till}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kantor</source>
        <translation>Office</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kasir atau kantor belum dipilih</source>
        <translation>Till or office not chosen yet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Shift &amp; kas</source>
        <translation>Shift &amp; cash</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund pembeli</source>
        <translation>Customer refunds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log audit</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pemeriksaan jurnal</source>
        <translation>Journal check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penghitungan stok</source>
        <translation>Stock count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laporan selisih stok</source>
        <translation>Stock variance report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mutasi stok</source>
        <translation>Stock movements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retur ke instansi</source>
        <translation>Return to institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Products</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi &amp; bengkel kerja</source>
        <translation>Institutions &amp; workshops</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acara</source>
        <translation>Events</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laporan penjualan</source>
        <translation>Sales report</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cadangan</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+152"/>
        <source>Bazaar POS — Kasir</source>
        <translation>Bazaar POS — Cashier</translation>
    </message>
    <message>
        <location line="-140"/>
        <source>Kode kasa: awal setiap nomor struk</source>
        <translation>Till code: the start of every receipt number</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&amp;Kasir</source>
        <translation>&amp;Till</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cetak ulang struk…</source>
        <translation>Reprint receipt…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pengaturan…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Penjualan</source>
        <translation>Sales</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ganti pengguna / kunci kasa</source>
        <translation>Switch user / lock till</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Stok</source>
        <translation>&amp;Stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>K&amp;atalog</source>
        <translation>&amp;Catalog</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Laporan</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;dmin</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Bantuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tentang Bazaar POS…</source>
        <translation>About Bazaar POS…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>S&amp;inkronisasi</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ekspor data (sejak ekspor terakhir)…</source>
        <translation>Export data (since last export)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ekspor data lengkap…</source>
        <translation>Export all data…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Impor data kasa lain…</source>
        <translation>Import data from another till…</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Bazaar POS — Kantor</source>
        <translation>Bazaar POS — Office</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Basis data ini belum disiapkan sebagai kasir atau kantor. Admin memilihnya saat masuk (Ctrl+L).</source>
        <translation>This database is not set up as a till or an office yet. An admin chooses when logging in (Ctrl+L).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Basis data kantor: di sini tidak ada penjualan. Impor ekspor kasa lewat Sinkronisasi → Impor data kasa lain, lalu buat laporan lewat menu Laporan.</source>
        <translation>Office database: no selling here. Import the tills&apos; exports via Sync → Import other tills&apos; data, then make reports from the Reports menu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Belum ada acara dipilih (Kasir → Pengaturan)</source>
        <translation>No event selected yet (Till → Settings)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kasa {till} · TERKUNCI — Ctrl+L untuk masuk</source>
        <translation>Till {till} · LOCKED — Ctrl+L to log in</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kasa {till} · {name} ({role})</source>
        <translation>Till {till} · {name} ({role})</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Shift belum dibuka (Alt+9)</source>
        <translation>Shift not opened yet (Alt+9)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift dibuka {time} oleh {name}</source>
        <translation>Shift opened {time} by {name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Basis data baru: kasir atau kantor belum dipilih</source>
        <translation>New database: till or office not chosen yet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>KANTOR</source>
        <translation>OFFICE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Basis data kantor: menggabungkan ekspor kasa, membuat laporan</source>
        <translation>Office database: merges till exports, makes reports</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TERKUNCI — Ctrl+L untuk masuk</source>
        <translation>LOCKED — Ctrl+L to log in</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Kasir atau kantor?</source>
        <translation>Till or office?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Basis data ini belum disiapkan sebagai kasir atau kantor: admin masuk dulu untuk memilihnya. Sampai itu tidak ada penjualan.</source>
        <translation>This database is not set up as a till or an office yet: an admin must log in first to choose. Until then there is no selling.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Cetak ulang struk</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nomor struk (ketik atau scan):</source>
        <translation>Receipt number (type or scan):</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Salinan struk disimpan ({path}) tetapi tidak tercetak: {problem}</source>
        <translation>Receipt copy saved ({path}) but not printed: {problem}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>dicetak</source>
        <translation>printed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>disimpan</source>
        <translation>saved</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Salinan struk {no} {done}: {path}</source>
        <translation>Receipt copy {no} {done}: {path}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Pekerjaan masih berjalan: {jobs}. Batalkan dan tutup? Yang sudah ditulis sebagian dihapus lagi; menunggu itu selesai bisa makan waktu.</source>
        <translation>Work is still running: {jobs}. Cancel it and close? What was partly written is removed again; waiting for that can take a while.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Cadangan otomatis gagal diperiksa: {problem} Panggil admin.</source>
        <translation>The automatic backup failed its check: {problem} Call an admin.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cadangan dipulihkan</source>
        <translation>Backup restored</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cadangan dipulihkan. Aplikasi ditutup sekarang; buka lagi untuk lanjut.</source>
        <translation>Backup restored. The app closes now; open it again to continue.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Penjualan ini belum dibayar ({lines} baris, {total}).</source>
        <translation>This sale is not paid yet ({lines} lines, {total}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Parkir dan tutup: keranjang diparkir, lanjutkan dengan F3 saat Bazaar POS dibuka lagi. Shift tetap terbuka.</source>
        <translation>Park and close: the cart is parked; resume it with F3 when Bazaar POS is opened again. The shift stays open.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Diskon dan ubah harga yang sudah disetujui supervisor perlu disetujui lagi saat dibayar: persetujuan tidak ikut diparkir.</source>
        <translation>Discounts and price changes a supervisor approved need approval again at payment: approvals are not parked.</translation>
    </message>
    <message>
        <location line="-95"/>
        <location line="+100"/>
        <source>Tutup Bazaar POS</source>
        <translation>Close Bazaar POS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parkir dan tutup</source>
        <translation>Park and close</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kembali ke penjualan</source>
        <translation>Back to the sale</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Tentang Bazaar POS</source>
        <translation>About Bazaar POS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bazaar POS {version}

Folder data: {data}
Basis data: {database}
Berkas log: {log}</source>
        <translation>Bazaar POS {version}

Data folder: {data}
Database: {database}
Log file: {log}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{kind} · ID perangkat: {device}</source>
        <translation>{kind} · Device ID: {device}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Kesalahan tak terduga</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tidak ada penjualan yang sedang berjalan. Penjualan yang sudah tersimpan (bernomor struk) aman.</source>
        <translation>No sale is in progress. Sales already saved (with a receipt number) are safe.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keranjang yang sedang dibuka ({lines} baris, {total}) tersimpan di disk: kalau aplikasi ditutup, keranjang itu diparkir saat dibuka lagi. Penjualan yang sudah tersimpan (bernomor struk) aman.</source>
        <translation>The open cart ({lines} lines, {total}) is saved on disk: if the app is closed, it is parked when it is opened again. Sales already saved (with a receipt number) are safe.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keranjang yang sedang dibuka ({lines} baris, {total}) BELUM tersimpan: bayar atau parkir (F2) dulu sebelum menutup aplikasi.</source>
        <translation>The open cart ({lines} lines, {total}) is NOT saved yet: pay or park it (F2) before closing the app.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kesalahan basis data: {fault}

{sale}

Catat jamnya dan beri tahu admin; rinciannya ada di berkas log: {log}</source>
        <translation>Database error: {fault}

{sale}

Note the time and tell an admin; the details are in the log file: {log}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Terjadi kesalahan yang tidak terduga ({kind}).

{sale}

Catat jamnya dan beri tahu admin; rinciannya ada di berkas log: {log}

Anda bisa melanjutkan. Kalau layar tidak berfungsi, tutup aplikasi dan buka lagi.</source>
        <translation>An unexpected error occurred ({kind}).

{sale}

Note the time and tell an admin; the details are in the log file: {log}

You can carry on. If the screen does not work, close the app and open it again.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../bazaar_pos/ui/messages.py" line="+25"/>
        <source>Kode &apos;{code}&apos; tidak dikenal: tidak ada produk aktif dengan barcode/SKU itu.</source>
        <translation>Unknown code &apos;{code}&apos;: no active product has that barcode/SKU.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Jumlah &apos;{text}&apos; bukan angka. Contoh: 1600*lalu scan.</source>
        <translation>Quantity &apos;{text}&apos; is not a number. Example: 1600* then scan.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Jumlah harus lebih dari 0 (tertulis &apos;{text}&apos;).</source>
        <translation>Quantity must be more than 0 (typed &apos;{text}&apos;).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah &apos;{text}&apos; terlalu besar untuk satu baris (maksimal 99.999).</source>
        <translation>Quantity &apos;{text}&apos; is too large for one line (at most 99.999).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nominal &apos;{text}&apos; tidak valid: tulis Rupiah bulat, mis. 50000 atau 50.000.</source>
        <translation>Invalid amount &apos;{text}&apos;: type whole Rupiah, e.g. 50000 or 50.000.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keranjang masih kosong: scan produk dulu.</source>
        <translation>The cart is still empty: scan a product first.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uang diterima {tendered} kurang dari total {total}.</source>
        <translation>Cash received {tendered} is less than the total {total}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Produk di keranjang sudah tidak aktif (id {id}). Hapus barisnya.</source>
        <translation>A product in the cart is no longer active (id {id}). Remove its line.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>perangkat {device}: {time}, {total} ({institutions})</source>
        <translation>device {device}: {time}, {total} ({institutions})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nomor struk {no} dicetak oleh {count} laptop dengan kode kasa yang sama: {choices}. Cocokkan dengan kertasnya, lalu ketik nomor beserta perangkatnya, mis. {example}.</source>
        <translation>Receipt number {no} was printed by {count} laptops with the same till code: {choices}. Compare with the paper, then type the number with its device, e.g. {example}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Struk &apos;{no}&apos; tidak ditemukan.</source>
        <translation>Receipt &apos;{no}&apos; not found.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Metode pembayaran &apos;{method}&apos; tidak dikenal.</source>
        <translation>Unknown payment method &apos;{method}&apos;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data kasa lain ({file}) sedang digabungkan ke basis data ini, atau penggabungannya terhenti dan menunggu dibatalkan: laporan sekarang akan memuat sebagiannya saja. Buat laporan setelah impor selesai (impor yang terhenti dibatalkan saat kasa dibuka lagi atau oleh impor berikutnya).</source>
        <translation>Another till&apos;s data ({file}) is being merged into this database, or its merge stopped half-way and is waiting to be undone: a report made now would hold only part of it. Make the report once the import has finished (an interrupted import is undone when the till is opened again or by the next import).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>File huruf untuk mencetak hilang atau rusak ({path}): struk, laporan dan label tidak bisa dibuat. Penjualan tetap tersimpan. Pasang ulang Bazaar POS.</source>
        <translation>The printing font file is missing or damaged ({path}): receipts, reports and labels cannot be made. Sales are still saved. Install Bazaar POS again.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kode kasa &apos;{value}&apos; tidak valid: 2–8 huruf besar/angka tanpa spasi, mis. BPN1.</source>
        <translation>Till code &apos;{value}&apos; is not valid: 2–8 capital letters/digits without spaces, e.g. BPN1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nama kasir tidak boleh kosong.</source>
        <translation>The cashier name must not be empty.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pengaturan &apos;{key}&apos; tidak valid: &apos;{value}&apos;.</source>
        <translation>Invalid setting &apos;{key}&apos;: &apos;{value}&apos;.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Terjadi kesalahan: {error}</source>
        <translation>An error occurred: {error}</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/messages.py" line="+52"/>
        <source>Basis data ini sudah disiapkan sebagai kasir {till}; pilihan itu dibuat sekali saja. Untuk basis data lain, pakai folder data lain.</source>
        <translation>This database is already set up as till {till}; that choice is made only once. For another database, use another data folder.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Basis data ini sudah disiapkan sebagai kantor; pilihan itu dibuat sekali saja. Untuk basis data lain, pakai folder data lain.</source>
        <translation>This database is already set up as an office; that choice is made only once. For another database, use another data folder.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kantor tidak pernah diberi data demo: data demo hanya untuk kasir latihan.</source>
        <translation>An office never gets demo data: demo data is only for a training till.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pilih instansi kasir ini, atau ketik kode dan nama instansi baru.</source>
        <translation>Choose this till&apos;s institution, or type a new institution&apos;s code and name.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Belum ada instansi berkode {code} di sini: ketik juga namanya untuk menambahkannya.</source>
        <translation>There is no institution with code {code} here: also type its name to add it.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kode instansi &apos;{code}&apos; harus 2–8 huruf besar atau angka, mis. BPN.</source>
        <translation>Institution code &apos;{code}&apos; must be 2–8 capital letters or digits, e.g. BPN.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Basis data adalah kasir atau kantor, bukan &apos;{kind}&apos;.</source>
        <translation>A database is a till or an office, not &apos;{kind}&apos;.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Basis data ini kantor: data demo hanya untuk kasir latihan di folder data lain.</source>
        <translation>This database is an office: demo data is only for a training till in another data folder.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Basis data ini belum disiapkan sebagai kasir atau kantor: data demo hanya untuk kasir latihan.</source>
        <translation>This database is not set up as a till or an office yet: demo data is only for a training till.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Data demo hanya untuk kasa baru yang kosong: database ini sudah punya {users} pengguna dan {sales} penjualan.</source>
        <translation>Demo data is only for a new, empty till: this database already has {users} users and {sales} sales.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Kasa ini ({till}) menjual ke basis data bersama: kode kasanya diatur di laptop ini saat dipasang (bazaar-pos --this-till KODE), bukan di pengaturan basis data.</source>
        <translation>This till ({till}) sells into a shared database: its till code is set on this laptop where it was installed (bazaar-pos --this-till CODE), not in the database&apos;s settings.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kode kasa {till} sudah dipakai perangkat lain di sini (ID perangkat {devices}): dua laptop akan mencetak nomor struk yang sama. Pilih kode lain, mis. {suggestion}.</source>
        <translation>Till code {till} is already used by another device here (device ID {devices}): two laptops would print the same receipt numbers. Choose another code, e.g. {suggestion}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Kode kasa {till} tidak bisa diganti selama shift {name} (dibuka {time}) masih terbuka. Tutup shift dulu (Alt+9).</source>
        <translation>The till code {till} cannot be changed while {name}&apos;s shift (opened {time}) is still open. Close the shift first (Alt+9).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Acara aktif tidak bisa diganti selama shift {name} (dibuka {time}) masih terbuka di kasa {till}. Tutup shift dulu (Alt+9).</source>
        <translation>The current event cannot be changed while {name}&apos;s shift (opened {time}) is still open on till {till}. Close the shift first (Alt+9).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Kode instansi {code} sudah dipakai instansi lain.</source>
        <translation>Institution code {code} is already used by another institution.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nomor instansi {number} sudah dipakai {other}.</source>
        <translation>Institution number {number} is already used by {other}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Semua nomor instansi 00–99 sudah terpakai: tidak ada nomor untuk barcode internal.</source>
        <translation>All institution numbers 00–99 are taken: there is no number left for internal barcodes.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nomor {code} tidak bisa diganti dari {old} ke {new}: {count} barcode produknya sudah berawalan 20{old} dan mungkin sudah tercetak di label.</source>
        <translation>The number of {code} cannot be changed from {old} to {new}: {count} of its product barcodes already start with 20{old} and may already be printed on labels.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Instansi tidak ditemukan (id {id}).</source>
        <translation>Institution not found (id {id}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{code} sudah punya bengkel kerja bernama &apos;{name}&apos;.</source>
        <translation>{code} already has a workshop called &apos;{name}&apos;.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nama bengkel kerja terlalu panjang (maksimal {max} huruf).</source>
        <translation>The workshop name is too long (at most {max} characters).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nama bengkel kerja wajib diisi, mis. Kerajinan kayu.</source>
        <translation>The workshop name is required, e.g. Woodcraft.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bengkel kerja tidak ditemukan (id {id}).</source>
        <translation>Workshop not found (id {id}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Kode instansi wajib diisi, mis. BPN.</source>
        <translation>The institution code is required, e.g. BPN.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kode instansi &apos;{code}&apos; tidak valid: 2–8 huruf besar atau angka tanpa spasi, mis. BPN.</source>
        <translation>Institution code &apos;{code}&apos; is not valid: 2–8 capital letters or digits without spaces, e.g. BPN.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nama instansi terlalu panjang (maksimal {max} huruf).</source>
        <translation>The institution name is too long (at most {max} characters).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nama instansi wajib diisi, mis. Rutan Kelas IIA Balikpapan.</source>
        <translation>The institution name is required, e.g. Rutan Kelas IIA Balikpapan.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Jenis instansi &apos;{kind}&apos; tidak dikenal: pilih salah satu dari {kinds}.</source>
        <translation>Unknown institution type &apos;{kind}&apos;: choose one of {kinds}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nomor instansi &apos;{number}&apos; tidak valid: angka 0 sampai 99, atau kosong untuk otomatis.</source>
        <translation>Institution number &apos;{number}&apos; is not valid: a number from 0 to 99, or empty for automatic.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>SKU {sku} sudah dipakai produk lain.</source>
        <translation>SKU {sku} is already used by another product.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Barcode {barcode} sudah dipakai produk {sku}.</source>
        <translation>Barcode {barcode} is already used by product {sku}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Produk tidak ditemukan (id {id}); mungkin sudah dihapus.</source>
        <translation>Product not found (id {id}); it may have been deleted.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Produk {sku} tidak bisa dihapus karena sudah punya riwayat ({sales} baris penjualan, {movements} mutasi stok, {counts} baris penghitungan). Arsipkan saja: produk hilang dari kasir, laporan tetap utuh.</source>
        <translation>Product {sku} cannot be deleted because it already has a history ({sales} sale lines, {movements} stock movements, {counts} count lines). Archive it instead: the product disappears from the till, the reports stay complete.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Instansi {code} belum punya nomor untuk barcode internal: beri nomor di layar Instansi dulu.</source>
        <translation>Institution {code} has no number for internal barcodes yet: give it a number on the Institutions screen first.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Semua barcode internal 20{number}… milik {code} sudah terpakai.</source>
        <translation>All internal barcodes 20{number}… of {code} are used up.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Barcode terlalu panjang (maksimal {max} karakter).</source>
        <translation>The barcode is too long (at most {max} characters).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Barcode &apos;{barcode}&apos; hanya boleh berisi huruf, angka dan tanda baca ASCII, tanpa spasi.</source>
        <translation>Barcode &apos;{barcode}&apos; may only contain letters, digits and ASCII punctuation, without spaces.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Digit cek barcode {barcode} salah untuk {kind}: seharusnya {expected}. Periksa lagi angkanya, atau kosongkan dan buat barcode internal.</source>
        <translation>Wrong check digit in barcode {barcode} for {kind}: it should be {expected}. Check the digits again, or leave it empty and create an internal barcode.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Harga harus Rupiah bulat dari {low} sampai {high}, mis. 150.000.</source>
        <translation>The price must be whole Rupiah from {low} to {high}, e.g. 150.000.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bengkel kerja itu milik instansi lain: pilih bengkel instansi ini.</source>
        <translation>That workshop belongs to another institution: choose a workshop of this institution.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bengkel kerja itu sudah diarsipkan: pilih bengkel lain atau pulihkan dulu.</source>
        <translation>That workshop is archived: choose another workshop or restore it first.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama produk</source>
        <translation>Product name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satuan</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{field} wajib diisi.</source>
        <translation>{field} is required.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{field} terlalu panjang (maksimal {max} karakter).</source>
        <translation>{field} is too long (at most {max} characters).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{names} dan {count} lainnya</source>
        <translation>{names} and {count} more</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} produk belum punya barcode EAN-13 untuk label: {names}. Pilih produknya lalu &apos;Beri barcode internal&apos;.</source>
        <translation>Products without an EAN-13 barcode for the label ({count}): {names}. Select them, then &apos;Assign internal barcode&apos;.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Posisi awal {position} tidak ada di lembar ini: pilih 1 sampai {maximum} (dihitung baris demi baris dari kiri atas).</source>
        <translation>Start position {position} is not on this sheet: choose 1 to {maximum} (counted row by row from the top left).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Jumlah label {copies} tidak valid: pilih 1 sampai {maximum}.</source>
        <translation>Number of copies {copies} is not valid: choose 1 to {maximum}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ukuran label &apos;{key}&apos; tidak dikenal: pilih lagi di pengaturan.</source>
        <translation>Unknown label size &apos;{key}&apos;: choose it again in the settings.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tidak ada label untuk dicetak: pilih minimal satu produk.</source>
        <translation>No labels to print: select at least one product.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>File katalog ditolak; tidak ada yang disimpan.</source>
        <translation>Catalog file rejected; nothing was saved.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File katalog ditolak: {count} masalah, yang pertama di baris {line}: {problem} Tidak ada yang disimpan.</source>
        <translation>Catalog file rejected ({count} problem(s), the first on line {line}): {problem} Nothing was saved.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Dibatalkan setelah {done} dari {total} baris: tidak ada yang disimpan, katalog tetap seperti sebelumnya.</source>
        <translation>Cancelled after {done} of {total} lines: nothing was saved, the catalog is as it was before.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Impor katalog lain ({file}) sedang berjalan; tunggu sampai selesai lalu coba lagi. Tidak ada yang disimpan dari file ini.</source>
        <translation>Another catalog import ({file}) is running; wait until it finishes, then try again. Nothing from this file was saved.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Produk {sku} diubah di layar atau kasa lain selama impor. Impor dibatalkan dan semua yang sudah ditulis dikembalikan; perubahan itu tetap. Periksa lalu impor lagi.</source>
        <translation>Product {sku} was changed on another screen or till during the import. The import was cancelled and everything already written was put back; that change stays. Check it, then import again.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>File {path} tidak dapat dibaca: {detail}</source>
        <translation>Cannot read the file {path}: {detail}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>sku (SKU)</source>
        <translation>sku</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>barcode</source>
        <translation>barcode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name (nama)</source>
        <translation>name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit (satuan)</source>
        <translation>unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>price (harga)</source>
        <translation>price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category (kategori)</source>
        <translation>category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>institution (instansi)</source>
        <translation>institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>workshop (bengkel kerja)</source>
        <translation>workshop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>track_stock (lacak stok)</source>
        <translation>track_stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>active (aktif)</source>
        <translation>active</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(seluruh baris)</source>
        <translation>(whole line)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Wajib diisi.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terlalu panjang.</source>
        <translation>Too long.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sudah ada di baris lain file ini.</source>
        <translation>Already on another line of this file.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Harga bukan Rupiah bulat: tulis 150000 atau 150.000.</source>
        <translation>The price is not whole Rupiah: write 150000 or 150.000.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Digit cek barcode salah (EAN-13, UPC-A atau EAN-8): periksa angkanya.</source>
        <translation>Wrong barcode check digit (EAN-13, UPC-A or EAN-8): check the digits.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Barcode hanya boleh huruf, angka dan tanda baca ASCII, tanpa spasi.</source>
        <translation>A barcode may only contain letters, digits and ASCII punctuation, without spaces.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Barcode ini sudah dipakai produk lain.</source>
        <translation>This barcode is already used by another product.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kode instansi tidak dikenal: daftarkan dulu di layar Instansi.</source>
        <translation>Unknown institution code: register it on the Institutions screen first.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bengkel kerja ini sudah diarsipkan: pulihkan dulu atau pakai yang lain.</source>
        <translation>This workshop is archived: restore it first or use another one.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tulis 1/0, ya/tidak, yes/no atau true/false.</source>
        <translation>Write 1/0, yes/no, ya/tidak or true/false.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kolom wajib ini tidak ada di baris judul.</source>
        <translation>This required column is missing from the header line.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kolom ini muncul dua kali di baris judul.</source>
        <translation>This column appears twice in the header line.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah kolom baris ini tidak sama dengan baris judul.</source>
        <translation>This line does not have the same number of columns as the header line.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File bukan teks UTF-8: simpan dari spreadsheet sebagai &apos;CSV UTF-8&apos;.</source>
        <translation>The file is not UTF-8 text: save it from the spreadsheet as &apos;CSV UTF-8&apos;.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File kosong: tidak ada baris judul.</source>
        <translation>The file is empty: there is no header line.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baris tidak dapat dibaca sebagai CSV (tanda kutip tidak ditutup?).</source>
        <translation>The line cannot be read as CSV (an unclosed quotation mark?).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sel ini berisi karakter kontrol (NUL, tab atau pindah baris): hapus lalu simpan lagi.</source>
        <translation>This cell holds a control character (NUL, tab or line break): remove it and save again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Barcode ini kehilangan angka 0 di depannya (spreadsheet membacanya sebagai angka): format kolom barcode sebagai teks.</source>
        <translation>This barcode lost its leading zeros (the spreadsheet read it as a number): format the barcode column as text.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Barcode ini diubah spreadsheet menjadi angka (mis. 2,00201E+12): format kolom sebagai teks lalu ketik ulang kodenya.</source>
        <translation>The spreadsheet turned this barcode into a number (e.g. 2.00201E+12): format the column as text and type the codes again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sel ini berisi nilai galat spreadsheet (mis. Err:509 atau #NAME?), bukan teks aslinya: ketik ulang teksnya.</source>
        <translation>This cell holds a spreadsheet error value (e.g. Err:509 or #NAME?), not its original text: type the text again.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Harga wajib diisi.</source>
        <translation>The price is required.</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/stock/messages.py" line="+22"/>
        <source>Sesi penghitungan tidak ditemukan ({detail}).</source>
        <translation>Count session not found ({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Penghitungan ini sudah diposting atau dibatalkan: tidak bisa diubah lagi.</source>
        <translation>This count has already been posted or discarded: it can no longer be changed.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Masih ada penghitungan terbuka (no. {session}) untuk barang yang sama. Lanjutkan atau posting dulu penghitungan itu.</source>
        <translation>There is still an open count (no. {session}) for the same goods. Continue it or post it first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;{detail}&apos; tidak dilacak stoknya (mis. minuman kafe): tidak dihitung.</source>
        <translation>&apos;{detail}&apos; has no stock tracking (e.g. café drinks): it is not counted.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{detail}&apos; bukan barang instansi yang sedang dihitung di sesi ini.</source>
        <translation>&apos;{detail}&apos; is not from an institution being counted in this session.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tidak ada produk aktif yang dilacak stoknya untuk dihitung.</source>
        <translation>There are no active stock-tracked products to count.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+53"/>
        <location line="+10"/>
        <source>Acara tidak ditemukan ({detail}).</source>
        <translation>Event not found ({detail}).</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Instansi itu tidak terdaftar sebagai peserta acara ini.</source>
        <translation>That institution is not registered as taking part in this event.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah yang ditambahkan harus lebih dari 0 ({detail}).</source>
        <translation>The quantity added must be more than 0 ({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah hitungan tidak boleh negatif ({detail}); 0 berarti habis.</source>
        <translation>A count cannot be negative ({detail}); 0 means none left.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah hitungan {detail} terlalu besar (maksimal {max}).</source>
        <translation>Counted quantity {detail} is too large (at most {max}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Jumlah harus lebih dari 0 (tertulis {detail}).</source>
        <translation>The quantity must be more than 0 (typed {detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah {detail} terlalu besar (maksimal {max}).</source>
        <translation>Quantity {detail} is too large (at most {max}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{detail}&apos; tidak dilacak stoknya.</source>
        <translation>&apos;{detail}&apos; has no stock tracking.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk tidak ditemukan.</source>
        <translation>Product not found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belum ada barang di daftar barang datang.</source>
        <translation>The list of goods received is still empty.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{detail}&apos; sudah diarsipkan: pulihkan dulu di layar Produk.</source>
        <translation>&apos;{detail}&apos; is archived: restore it on the Products screen first.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{detail}&apos; milik instansi yang tidak ikut acara ini.</source>
        <translation>&apos;{detail}&apos; belongs to an institution that is not taking part in this event.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tuliskan alasannya (mis. pecah saat diangkut).</source>
        <translation>Write down the reason (e.g. broken in transport).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mutasi stok tidak ditemukan ({detail}).</source>
        <translation>Stock movement not found ({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mutasi ini sudah pernah dibatalkan.</source>
        <translation>This movement has already been reversed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mutasi jenis &apos;{detail}&apos; tidak bisa dibatalkan di sini: penjualan lewat refund, hasil hitung lewat penghitungan baru.</source>
        <translation>Movements of type &apos;{detail}&apos; cannot be reversed here: sales are reversed with a refund, count results with a new count.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Instansi tidak ditemukan ({detail}).</source>
        <translation>Institution not found ({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{detail} tidak terdaftar sebagai peserta acara ini.</source>
        <translation>{detail} is not registered as taking part in this event.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Barang {detail} belum dihitung akhir: posting penghitungan akhir dulu, baru barang dikembalikan.</source>
        <translation>The goods of {detail} have no closing count yet: post the closing count first, then return the goods.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Masih ada penghitungan terbuka untuk barang {detail}: posting dulu.</source>
        <translation>There is still an open count for the goods of {detail}: post it first.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Barang {detail} sudah diserahkan kembali; cetak ulang berita acaranya.</source>
        <translation>The goods of {detail} have already been handed back; reprint the handover record.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Berita acara tidak ditemukan ({detail}).</source>
        <translation>Handover record not found ({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Isi nama petugas instansi yang menerima barang.</source>
        <translation>Enter the name of the institution&apos;s officer who receives the goods.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nama acara wajib diisi.</source>
        <translation>The event name is required.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanggal selesai acara tidak boleh sebelum tanggal mulai.</source>
        <translation>The event&apos;s end date must not be before its start date.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pilih minimal satu instansi peserta.</source>
        <translation>Choose at least one participating institution.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+16"/>
        <source>Acara tidak ditemukan.</source>
        <translation>Event not found.</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/people/messages.py" line="+29"/>
        <source>kasir</source>
        <translation>cashier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{seconds} detik</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{minutes} menit</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{minutes} menit {seconds} detik</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nama pengguna &apos;{value}&apos; sudah dipakai. Pilih nama lain.</source>
        <translation>Username &apos;{value}&apos; is already taken. Choose another name.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nama pengguna &apos;{value}&apos; tidak valid: 2–40 huruf kecil, angka, titik, garis bawah atau tanda hubung, tanpa spasi (mis. siti.aminah).</source>
        <translation>Username &apos;{value}&apos; is not valid: 2–40 lowercase letters, digits, dots, underscores or hyphens, without spaces (e.g. siti.aminah).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nama lengkap terlalu panjang (maksimal {max} huruf).</source>
        <translation>The full name is too long (at most {max} characters).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nama lengkap wajib diisi.</source>
        <translation>The full name is required.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Peran &apos;{value}&apos; tidak dikenal: pilih kasir, supervisor atau admin.</source>
        <translation>Unknown role &apos;{value}&apos;: choose cashier, supervisor or admin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pengguna tidak ditemukan ({value}).</source>
        <translation>User not found ({value}).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PIN harus 4 sampai 8 angka.</source>
        <translation>The PIN must be 4 to 8 digits.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kedua PIN tidak sama. Ketik PIN baru dua kali dengan sama persis.</source>
        <translation>The two PINs do not match. Type the new PIN twice, exactly the same.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PIN salah untuk {user}. Sisa {left} kali percobaan; setelah {max} kali salah akun dikunci sementara.</source>
        <translation>Wrong PIN for {user}. Attempts left: {left}; after {max} wrong attempts the account is locked for a while.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Akun {user} dikunci karena PIN salah berulang kali. Coba lagi dalam {wait}, atau minta admin mereset PIN.</source>
        <translation>Account {user} is locked after repeated wrong PINs. Try again in {wait}, or ask an admin to reset the PIN.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{user} ({role}) tidak berhak melakukan ini: perlu {needed} ke atas.</source>
        <translation>{user} ({role}) is not allowed to do this: it needs {needed} or higher.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pengguna &apos;{user}&apos; tidak dikenal atau sudah tidak aktif.</source>
        <translation>User &apos;{user}&apos; is unknown or no longer active.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{user} adalah satu-satunya admin aktif: jadikan pengguna lain admin dulu.</source>
        <translation>{user} is the only active admin: make another user an admin first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sudah ada pengguna: admin pertama hanya dibuat sekali. Silakan login.</source>
        <translation>Users already exist: the first admin is created only once. Please log in.</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/till/refund_messages.py" line="+17"/>
        <source>{name}: semua {sold} yang terjual sudah dikembalikan; tidak ada lagi yang bisa direfund.</source>
        <translation>{name}: all {sold} sold have already been returned; nothing more can be refunded.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name}: tidak bisa mengembalikan {requested}. Terjual {sold}, sudah dikembalikan {refunded}, paling banyak {left} lagi.</source>
        <translation>{name}: cannot return {requested}. Sold {sold}, already returned {refunded}, at most {left} more.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Tuliskan alasan refund (mis. barang retak, salah ukuran).</source>
        <translation>Write down the reason for the refund (e.g. item cracked, wrong size).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pilih dulu jumlah barang yang dikembalikan (kolom Refund sekarang).</source>
        <translation>First choose how many items are returned (column Refund now).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah yang dikembalikan harus 1 atau lebih (tertulis {detail}).</source>
        <translation>The quantity returned must be 1 or more (typed {detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah &apos;{detail}&apos; tidak valid: isi angka dari 0 sampai sisa yang bisa dikembalikan.</source>
        <translation>Quantity &apos;{detail}&apos; is not valid: enter a number from 0 up to what can still be returned.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Baris itu bukan bagian dari struk ini; muat ulang struknya.</source>
        <translation>That line is not part of this receipt; reload the receipt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Barang {detail} tercantum dua kali dalam permintaan refund.</source>
        <translation>Item {detail} is listed twice in the refund request.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Muat ulang struknya lalu coba lagi.</source>
        <translation>Reload the receipt, then try again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Formulir ini sudah dipakai untuk refund {detail} struk lain; muat ulang struknya.</source>
        <translation>This form was already used for refund {detail} of another receipt; reload the receipt.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Refund &apos;{no}&apos; tidak ditemukan.</source>
        <translation>Refund &apos;{no}&apos; not found.</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/till/sale_messages.py" line="+36"/>
        <source>Diskon &apos;{text}&apos; tidak valid: persen harus 1 sampai 100.</source>
        <translation>Discount &apos;{text}&apos; is not valid: the percentage must be 1 to 100.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Diskon tidak boleh negatif (&apos;{text}&apos;).</source>
        <translation>A discount cannot be negative (&apos;{text}&apos;).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Diskon {amount} lebih besar dari nilainya ({limit}).</source>
        <translation>Discount {amount} is more than the amount it applies to ({limit}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Harga tidak boleh negatif (&apos;{text}&apos;).</source>
        <translation>A price cannot be negative (&apos;{text}&apos;).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Diskon &apos;{text}&apos; tidak dimengerti. Contoh: 10% atau 5.000.</source>
        <translation>Discount &apos;{text}&apos; not understood. Example: 10% or 5.000.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Persetujuan ini sudah dipakai: minta PIN supervisor lagi.</source>
        <translation>This approval has already been used: ask for the supervisor&apos;s PIN again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Persetujuan sudah kedaluwarsa (lebih dari {minutes} menit): minta PIN lagi.</source>
        <translation>The approval has expired (more than {minutes} minutes): ask for the PIN again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Persetujuan diberikan untuk perubahan atau jumlah lain: minta PIN supervisor untuk yang sekarang.</source>
        <translation>The approval was given for another change or amount: ask for the supervisor&apos;s PIN for this one.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Yang menyetujui sudah tidak aktif atau perannya tidak cukup: minta PIN {needed}.</source>
        <translation>The approver is no longer active or their role is not enough: ask for a {needed}&apos;s PIN.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Persetujuan ini bukan untuk transaksi ini: minta PIN supervisor lagi.</source>
        <translation>This approval is not for this transaction: ask for the supervisor&apos;s PIN again.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>QRIS/transfer {paid} melebihi total {total}: kembalian hanya dari tunai.</source>
        <translation>QRIS/transfer {paid} is more than the total {total}: change is given only from cash.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pembayaran {paid} belum menutup total {total}: sisanya {rest}.</source>
        <translation>Payment {paid} does not cover the total {total} yet: {rest} remaining.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tunai hanya boleh satu kali dalam satu pembayaran.</source>
        <translation>Cash may appear only once in a payment.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Silakan masuk (login) dengan nama pengguna dan PIN dulu.</source>
        <translation>Please log in with your username and PIN first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Diskon dan ubah harga hanya bisa setelah pengguna dibuat dan masuk (login).</source>
        <translation>Discounts and price changes are only possible once users have been created and someone is logged in.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Transaksi yang ditunda itu tidak ada lagi di kasa ini.</source>
        <translation>That parked sale is no longer on this till.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Produk &apos;{name}&apos; sudah tidak dijual lagi: transaksi yang ditunda tetap disimpan.</source>
        <translation>Product &apos;{name}&apos; is no longer sold: the parked sale is kept.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tidak bisa membatalkan {quantity} dari baris berisi {on_line}.</source>
        <translation>Cannot void {quantity} from a line of {on_line}.</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/people/shift_messages.py" line="+28"/>
        <source>Pecahan &apos;{key}&apos; tidak dikenal: bukan uang kertas/koin Rupiah yang berlaku.</source>
        <translation>Unknown denomination &apos;{key}&apos;: not a valid Rupiah note/coin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>uang kertas {value}</source>
        <translation>{value} note</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>koin {value}</source>
        <translation>{value} coin</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Jumlah {name} tidak boleh negatif (tertulis {quantity}).</source>
        <translation>The count for the {name} cannot be negative (typed {quantity}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Jumlah {name} terlalu besar (maksimal {max} lembar/keping).</source>
        <translation>The count for the {name} is too large (at most {max} notes/coins).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jumlah {name} harus bilangan bulat (tertulis &apos;{quantity}&apos;).</source>
        <translation>The count for the {name} must be a whole number (typed &apos;{quantity}&apos;).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Uang keluar {amount} lebih besar dari uang yang seharusnya ada di laci ({available}).</source>
        <translation>Cash out {amount} is more than the cash that should be in the drawer ({available}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tuliskan alasannya (mis. beli kantong plastik, tambahan uang kecil).</source>
        <translation>Write down the reason (e.g. bought plastic bags, extra small change).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Alasan terlalu panjang (maksimal {max} huruf).</source>
        <translation>The reason is too long (at most {max} characters).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nominal {amount} terlalu besar.</source>
        <translation>Amount {amount} is too large.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nominal harus lebih dari Rp 0.</source>
        <translation>The amount must be more than Rp 0.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Belum ada shift terbuka di kasa {till}: buka shift dengan modal awal dulu.</source>
        <translation>No shift is open on till {till} yet: open a shift with an opening float first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Basis data ini kantor: di sini tidak ada shift dan tidak ada penjualan.</source>
        <translation>This database is an office: there are no shifts and no selling here.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Basis data ini belum disiapkan sebagai kasir: admin memilih kasir atau kantor dulu.</source>
        <translation>This database is not set up as a till yet: an admin chooses till or office first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kasa {till} sudah punya shift terbuka (dibuka oleh {name}).</source>
        <translation>Till {till} already has an open shift (opened by {name}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shift ini sudah ditutup dengan Laporan Z No. {z}: tidak bisa ditutup lagi.</source>
        <translation>This shift has already been closed with Z report No. {z}: it cannot be closed again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shift tidak ditemukan (no. {id}).</source>
        <translation>Shift not found (no. {id}).</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/sync/messages.py" line="+37"/>
        <source>Ekspor {path} tidak ditemukan. Tidak ada yang diimpor.</source>
        <translation>Export {path} not found. Nothing was imported.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} bukan ekspor Bazaar POS (tidak ada manifest.json). Pilih file .zip ekspor, atau manifest.json di dalam folder ekspor. Tidak ada yang diimpor.</source>
        <translation>{path} is not a Bazaar POS export (no manifest.json). Choose the export&apos;s .zip file, or the manifest.json inside the export folder. Nothing was imported.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>manifest.json di ekspor {path} rusak atau tidak lengkap ({detail}). Tidak ada yang diimpor; minta ekspor baru dari kasa itu.</source>
        <translation>The manifest.json of export {path} is damaged or incomplete ({detail}). Nothing was imported; ask that till for a new export.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ekspor {path} memakai format yang tidak dikenal aplikasi ini ({detail}); mungkin dibuat versi Bazaar POS yang lebih baru. Perbarui aplikasi di komputer ini dulu. Tidak ada yang diimpor.</source>
        <translation>Export {path} uses a format this app does not recognise ({detail}); it may have been made by a newer version of Bazaar POS. Update the app on this computer first. Nothing was imported.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ekspor {path} tidak lengkap: file {detail} tidak ada. Tidak ada yang diimpor; salin ulang ekspornya utuh.</source>
        <translation>Export {path} is incomplete: file {detail} is missing. Nothing was imported; copy the whole export again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ekspor {path} berisi file {detail} yang tidak tercatat di manifest (ditambahkan setelah ekspor?). Tidak ada yang diimpor.</source>
        <translation>Export {path} contains file {detail}, which is not listed in the manifest (added after the export?). Nothing was imported.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Judul kolom di ekspor {path} tidak sesuai format ({detail}); file itu diubah setelah ekspor? Tidak ada yang diimpor.</source>
        <translation>The column headings in export {path} do not match the format ({detail}); was the file changed after the export? Nothing was imported.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ekspor {path} ditolak sebelum dibuka: isinya melewati batas ({detail}). Ekspor Bazaar POS yang asli tidak sebesar itu; mungkin file rusak atau sengaja dibuat. Tidak ada yang diimpor.</source>
        <translation>Export {path} was refused before it was unpacked: its content is beyond the limits ({detail}). A real Bazaar POS export is not that large; the file may be damaged or made on purpose. Nothing was imported.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ekspor {path} rusak: isi zip tidak bisa dibongkar ({detail}). Tidak ada yang diimpor; salin ulang ekspornya dari kasa itu.</source>
        <translation>Export {path} is damaged: the zip&apos;s content cannot be unpacked ({detail}). Nothing was imported; copy the export from that till again.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ekspor {path} tidak bisa dibaca ({detail}). Tidak ada yang diimpor.</source>
        <translation>Export {path} cannot be read ({detail}). Nothing was imported.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ekspor {path}: {file} baris {line}, kolom {column}: {problem}. Tidak ada yang diimpor dari ekspor ini.</source>
        <translation>Export {path}: {file} line {line}, column {column}: {problem}. Nothing was imported from this export.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ekspor {path}: {file} baris {line}: {problem}. Tidak ada yang diimpor dari ekspor ini.</source>
        <translation>Export {path}: {file} line {line}: {problem}. Nothing was imported from this export.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{file} baris {line} (kolom {columns}): {message}</source>
        <translation>{file} line {line} (columns {columns}): {message}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{file} baris {line}: {message}</source>
        <translation>{file} line {line}: {message}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ekspor {path} bertentangan dengan data di sini ({count} konflik): data yang sama (UUID sama) isinya berbeda, atau nomornya sudah dipakai data lain. Tidak ada yang diimpor dari ekspor ini.</source>
        <translation>Export {path} conflicts with the data here (conflicts: {count}): the same record (same UUID) has different contents, or its number is already used by another record. Nothing was imported from this export.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>… dan {count} lainnya</source>
        <translation>… and {count} more</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ekspor {path} dibuat versi Bazaar POS lama tanpa tanda tangan digital, jadi asalnya tidak bisa dipastikan. Tidak ada yang diimpor; perbarui aplikasi di kasa itu lalu ekspor ulang.</source>
        <translation>Export {path} was made by an older version of Bazaar POS without a digital signature, so where it comes from cannot be verified. Nothing was imported; update the app on that till and export again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ekspor {path} tidak bertanda tangan (manifest.sig tidak ada). Tidak ada yang diimpor; salin ulang ekspornya utuh.</source>
        <translation>Export {path} is not signed (manifest.sig is missing). Nothing was imported; copy the whole export again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tanda tangan ekspor {path} tidak cocok dengan isinya: ekspor itu diubah setelah dibuat di kasa {till} (sidik kunci {fingerprint}). Tidak ada yang diimpor; minta ekspor baru dari kasa itu.</source>
        <translation>The signature of export {path} does not match its content: the export was changed after till {till} made it (key fingerprint {fingerprint}). Nothing was imported; ask that till for a new export.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ekspor {path} tidak memuat kunci kasa yang bisa dibaca. Tidak ada yang diimpor; minta ekspor baru dari kasa itu.</source>
        <translation>Export {path} holds no readable till key. Nothing was imported; ask that till for a new export.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ekspor {path} mengaku dari kasa {till} ({till_id}) tetapi ditandatangani kunci lain: sidik kunci {fingerprint}, padahal kunci yang dikenal untuk kasa itu {known}. Mungkin laptop lain menyamar sebagai kasa itu. Tidak ada yang diimpor; cocokkan sidik kunci dengan laporan Z yang ditandatangani.</source>
        <translation>Export {path} claims to come from till {till} ({till_id}) but is signed with another key: fingerprint {fingerprint}, while the key known for that till is {known}. Another laptop may be posing as that till. Nothing was imported; compare the key fingerprint with the signed Z report.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>total baris tidak sama dengan jumlah × harga − diskon</source>
        <translation>the line total is not quantity × price − discounts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>jumlah barang pada baris penjualan 0 atau kurang</source>
        <translation>a sale line of 0 or fewer units</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>diskon penjualan negatif, melebihi subtotal, atau tidak sama dengan bagian diskon di baris-barisnya</source>
        <translation>the sale discount is negative, above the subtotal, or not the sum of its lines&apos; discount shares</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>subtotal tidak sama dengan jumlah baris setelah diskon baris</source>
        <translation>the subtotal is not the sum of the lines after their line discounts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>total penjualan tidak sama dengan jumlah total barisnya</source>
        <translation>the sale total is not the sum of its line totals</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>total penjualan tidak sama dengan pembayarannya</source>
        <translation>the sale total is not what its payments settle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>pembayaran tidak cocok: uang diterima − kembalian ≠ jumlah, atau ada kembalian dari pembayaran non-tunai</source>
        <translation>the payment does not add up: tendered − change ≠ amount, or change from a non-cash payment</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>jumlah refund tidak sama dengan baris-barisnya, atau barisnya dari penjualan lain</source>
        <translation>the refund amount is not the sum of its lines, or a line belongs to another sale</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>barang dikembalikan lebih banyak dari yang terjual</source>
        <translation>more units refunded than were sold</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>uang dikembalikan lebih banyak dari nilai penjualannya</source>
        <translation>more money refunded than the sale brought</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>kas masuk/keluar bukan jenis yang dikenal atau jumlahnya tidak positif</source>
        <translation>a cash paid-in/paid-out of an unknown kind, or with an amount that is not positive</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>users.csv membawa kolom selain nama (PIN atau data login)</source>
        <translation>users.csv carries columns besides the names (PIN or login data)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>pengguna ini tidak dirujuk oleh data mana pun di ekspor</source>
        <translation>no record of the export refers to this user</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ekspor {path} ditolak karena membawa akun: {file} baris {line} ({record}): {rule}. Ekspor hanya membawa nama orang untuk datanya, tidak pernah akun. Tidak ada yang diimpor dari ekspor ini.</source>
        <translation>Export {path} refused because it brings accounts: {file} line {line} ({record}): {rule}. An export carries only the names of the people in its records, never accounts. Nothing of this export was imported.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ekspor {path} ditolak karena angkanya tidak cocok: {file} baris {line} ({record}): {rule} ({detail}). Tidak ada yang diimpor dari ekspor ini; periksa laptop kasa itu.</source>
        <translation>Export {path} refused because its figures do not add up: {file} line {line} ({record}): {rule} ({detail}). Nothing of this export was imported; check that till&apos;s laptop.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>File {file} di ekspor {path} tidak sama dengan yang tercatat di manifest (terpotong saat disalin, atau diubah/disimpan ulang di spreadsheet). Tidak ada yang diimpor dari ekspor ini; salin ulang atau minta ekspor baru dari kasa itu.</source>
        <translation>File {file} in export {path} does not match what the manifest records (cut short while copying, or changed/re-saved in a spreadsheet). Nothing was imported from this export; copy it again or ask that till for a new export.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Impor data kasa lain ({file}) sedang ditulis ke basis data ini; tunggu sampai selesai lalu coba lagi. Tidak ada yang diimpor dari ekspor ini.</source>
        <translation>Another till&apos;s data ({file}) is being imported into this database; wait until it has finished, then try again. Nothing was imported from this export.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Impor {path} dibatalkan: yang sudah ditulis dihapus lagi, tidak ada yang disimpan dari ekspor ini.</source>
        <translation>Import of {path} cancelled: what was written was removed again, nothing of this export is kept.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ekspor dibatalkan, tidak ada file yang ditulis.</source>
        <translation>Export cancelled; no files were written.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} sudah ada: pilih nama baru atau folder kosong. Tidak ada yang ditimpa.</source>
        <translation>{path} already exists: choose a new name or an empty folder. Nothing was overwritten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder tujuan {folder} tidak ada lagi (flashdisk dicabut?): ekspor tidak ditulis. Data kasa tetap tersimpan di komputer ini; pasang lagi flashdisk lalu ekspor ulang.</source>
        <translation>The target folder {folder} is gone (USB stick pulled out?): the export was not written. The till&apos;s data is still saved on this computer; plug the stick in again and export again.</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/database_messages.py" line="+20"/>
        <source>Disk penuh: basis data tidak bisa menulis, jadi tidak ada yang tersimpan. Kosongkan ruang disk lalu coba lagi.</source>
        <translation>The disk is full: the database could not write, so nothing was saved. Free some disk space, then try again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Basis data hanya-baca (read-only): tidak ada yang tersimpan. Panggil admin untuk memberi izin tulis pada folder data.</source>
        <translation>The database is read-only: nothing was saved. Call an admin to make the data folder writable.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Basis data terlalu lama dipakai program lain (kasa lain, impor): tidak ada yang tersimpan. Tunggu sebentar lalu coba lagi.</source>
        <translation>Another program (another till, an import) held the database too long: nothing was saved. Wait a moment, then try again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Basis data rusak: tidak ada yang tersimpan. Berhenti menjual dan panggil admin untuk memulihkan dari cadangan.</source>
        <translation>The database is damaged: nothing was saved. Stop selling and call an admin to restore it from a backup.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Berkas basis data tidak bisa dibuka (folder hilang atau tidak terjangkau): tidak ada yang tersimpan. Panggil admin.</source>
        <translation>The database file cannot be opened (its folder is gone or out of reach): nothing was saved. Call an admin.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Disk menolak membaca atau menulis (flashdisk dicabut? disk rusak?): tidak ada yang tersimpan. Panggil admin.</source>
        <translation>The disk refused to read or write (a USB stick pulled out? a failing disk?): nothing was saved. Call an admin.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server basis data tidak bisa dihubungi (mati, atau jaringannya terputus): tidak ada yang tersimpan. Periksa server dan jaringan, lalu coba lagi.</source>
        <translation>The database server cannot be reached (it is off, or its network is down): nothing was saved. Check the server and the network, then try again.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sambungan ke server basis data terputus: tidak ada yang tersimpan. Periksa jaringan dan server, lalu coba lagi.</source>
        <translation>The connection to the database server was lost: nothing was saved. Check the network and the server, then try again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kesalahan basis data ({code}): tidak ada yang tersimpan. Coba lagi; jika berulang, panggil admin.</source>
        <translation>Database error ({code}): nothing was saved. Try again; if it happens again, call an admin.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Berkas basis data {path} dihapus saat kasa berjalan: tidak ada yang tersimpan. Berhenti menjual, tutup Bazaar POS dan panggil admin (pulihkan dari cadangan).</source>
        <translation>The database file {path} was deleted while the till was running: nothing was saved. Stop selling, close Bazaar POS and call an admin (restore from a backup).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Berkas basis data {path} diganti berkas lain saat kasa berjalan: tidak ada yang tersimpan. Berhenti menjual, tutup Bazaar POS dan panggil admin.</source>
        <translation>The database file {path} was replaced by another file while the till was running: nothing was saved. Stop selling, close Bazaar POS and call an admin.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Folder data {folder} pernah berisi data kasa, tetapi berkas basis datanya hilang. Kasa tidak dibuka sebagai kasa baru.</source>
        <translation>The data folder {folder} held a till&apos;s data, but its database file is gone. The till is not opened as a new till.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Berkas basis data {path} kosong, padahal folder ini pernah berisi data kasa. Kasa tidak dibuka sebagai kasa baru.</source>
        <translation>The database file {path} is empty, though this folder held a till&apos;s data. The till is not opened as a new till.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Berkas basis data {path} rusak: jangan dipakai lagi.</source>
        <translation>The database file {path} is damaged: do not use it any more.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Berkas basis data {path} milik kasa lain (identitasnya tidak sama dengan bazaar.id di folder itu). Panggil admin: kembalikan berkas yang benar, atau hapus bazaar.id jika berkas ini memang sengaja dipindahkan ke sini.</source>
        <translation>The database file {path} belongs to another till (its identity is not the one in bazaar.id in that folder). Call an admin: put the right file back, or delete bazaar.id if this file was moved here on purpose.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Basis data {path} dibuat oleh Bazaar POS yang lebih baru (skema {revision}). Pasang Bazaar POS versi terbaru; basis data tidak diubah.</source>
        <translation>The database {path} was written by a newer Bazaar POS (schema {revision}). Install the newest Bazaar POS; the database was not changed.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Berkas basis data {path} hanya-baca (read-only): kasa tidak bisa menyimpan penjualan. Panggil admin untuk memberi izin tulis.</source>
        <translation>The database file {path} is read-only: the till cannot save sales. Call an admin to make it writable.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder data {path} hanya-baca (read-only): kasa tidak bisa menyimpan penjualan. Panggil admin untuk memberi izin tulis atau memilih folder lain.</source>
        <translation>The data folder {path} is read-only: the till cannot save sales. Call an admin to make it writable or to choose another folder.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Basis data {path} tidak bisa dibaca. Panggil admin.</source>
        <translation>The database {path} cannot be read. Call an admin.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Belum ada basis data di {where}. Basis data baru adalah kasir atau kantor: pilih dengan --new-database till atau --new-database office. Tidak ada yang dibuat.</source>
        <translation>There is no database at {where} yet. A new database is a till or an office: choose with --new-database till or --new-database office. Nothing was created.</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Cadangan baik terbaru: {backup}. Admin memulihkannya dengan: bazaar-pos restore &quot;{backup}&quot;</source>
        <translation>Newest good backup: {backup}. An admin restores it with: bazaar-pos restore &quot;{backup}&quot;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tidak ada cadangan baik yang ditemukan: panggil admin.</source>
        <translation>No good backup was found: call an admin.</translation>
    </message>
</context>
<context>
    <name>NewPinDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/users_screen.py" line="+164"/>
        <source>4–8 angka</source>
        <translation>4–8 digits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ketik ulang PIN</source>
        <translation>type the PIN again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN baru</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ulangi PIN</source>
        <translation>Repeat PIN</translation>
    </message>
</context>
<context>
    <name>OperationEntry</name>
    <message>
        <location filename="../../bazaar_pos/ui/operations.py" line="+290"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{title}: {done} dari {total}</source>
        <translation>{title}: {done} of {total}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{title}: membatalkan…</source>
        <translation>{title}: cancelling…</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location line="-122"/>
        <source>{title} masih berjalan: tunggu sampai selesai.</source>
        <translation>{title} is still running: wait until it is done.</translation>
    </message>
</context>
<context>
    <name>ParkedSalesDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/till/parked_dialog.py" line="+70"/>
        <source>Penjualan diparkir</source>
        <translation>Parked sales</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Lanjutkan (Enter)</source>
        <translation>Resume (Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pilih penjualan yang dilanjutkan:</source>
        <translation>Choose the sale to resume:</translation>
    </message>
</context>
<context>
    <name>ParkedSalesModel</name>
    <message>
        <location line="-67"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baris</source>
        <translation>Line</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diparkir oleh</source>
        <translation>Parked by</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(tanpa keterangan)</source>
        <translation>(no note)</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <location filename="../../bazaar_pos/ui/till/payment_panel.py" line="+44"/>
        <source>Pembayaran</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tunai (F5)</source>
        <translation>Cash (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QRIS (F6)</source>
        <translation>QRIS (F6)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer bank (F7)</source>
        <translation>Bank transfer (F7)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Uang diterima</source>
        <translation>Cash received</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mis. 50.000</source>
        <translation>e.g. 50.000</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Uang pas (Ctrl+1)</source>
        <translation>Exact amount (Ctrl+1)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Jumlah non-tunai (kosong = seluruh sisa)</source>
        <translation>Non-cash amount (empty = the whole remainder)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mis. 30.000</source>
        <translation>e.g. 30.000</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Referensi (opsional)</source>
        <translation>Reference (optional)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no. transaksi QRIS / transfer</source>
        <translation>QRIS / transfer transaction no.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Bagi pembayaran (F11)</source>
        <translation>Split payment (F11)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pilih QRIS (F6) atau transfer (F7), isi jumlahnya, tekan F11; sisanya dibayar tunai. Shift+F11 menghapus bagian terakhir.</source>
        <translation>Choose QRIS (F6) or transfer (F7), enter the amount, press F11; the rest is paid in cash. Shift+F11 removes the last part.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bayar &amp;&amp; simpan (Enter)</source>
        <translation>Pay &amp;&amp; save (Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kembali (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Total: {total}</source>
        <translation>Total: {total}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Tunai</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QRIS</source>
        <translation>QRIS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{method} {amount} {reference}</source>
        <translation>{method} {amount} {reference}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sisa: {amount}</source>
        <translation>Remaining: {amount}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kembalian: Rp 0</source>
        <translation>Change: Rp 0</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kembalian: —</source>
        <translation>Change: —</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kembalian: — (nominal tidak valid)</source>
        <translation>Change: — (invalid amount)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kurang {amount}</source>
        <translation>Short by {amount}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kembalian: {amount}</source>
        <translation>Change: {amount}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Bagi pembayaran: pilih QRIS (F6) atau transfer (F7), isi jumlahnya, lalu F11. Sisanya dibayar tunai.</source>
        <translation>Split payment: choose QRIS (F6) or transfer (F7), enter the amount, then F11. The rest is paid in cash.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Jumlah bagian {method} harus lebih dari 0 dan kurang dari sisa {remaining}. Untuk membayar seluruh sisa tekan Enter.</source>
        <translation>The {method} part must be more than 0 and less than the remaining {remaining}. To pay the whole remainder, press Enter.</translation>
    </message>
</context>
<context>
    <name>PostCountDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/count_screen.py" line="-853"/>
        <source>Posting penghitungan</source>
        <translation>Post count</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Dihitung &lt;b&gt;{counted}&lt;/b&gt; dari &lt;b&gt;{total}&lt;/b&gt; produk.</source>
        <translation>Counted &lt;b&gt;{counted}&lt;/b&gt; of &lt;b&gt;{total}&lt;/b&gt; products.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Belum dihitung: &lt;b&gt;{n}&lt;/b&gt; — {names}.</source>
        <translation>Not counted yet: &lt;b&gt;{n}&lt;/b&gt; — {names}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>dan {n} lainnya</source>
        <translation>and {n} more</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Selisih produk yang dihitung: {units} barang ({value}).</source>
        <translation>Variance of the counted products: {units} item(s) ({value}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Biarkan &apos;belum dihitung&apos; — stoknya tidak diubah, dilaporkan belum dihitung</source>
        <translation>Leave as &apos;not counted&apos; — their stock is not changed; they are reported as not counted</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Anggap 0 — barangnya memang tidak ada; stok dikurangi sampai 0</source>
        <translation>Take as 0 — the goods really are not there; stock is reduced to 0</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Produk yang belum dihitung:</source>
        <translation>Products not counted yet:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Dihitung oleh:</source>
        <translation>Counted by:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diawasi oleh:</source>
        <translation>Supervised by:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Setelah diposting, penyesuaian ditulis ke buku stok dan penghitungan dikunci: tidak bisa diubah atau diposting ulang.</source>
        <translation>After posting, the adjustments are written to the stock ledger and the count is locked: it cannot be changed or posted again.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Posting</source>
        <translation>Post</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../bazaar_pos/ui/papers/printing.py" line="+43"/>
        <source>Printer &apos;{name}&apos; tidak ditemukan.</source>
        <translation>Printer &apos;{name}&apos; not found.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Berkas struk tidak dapat dibaca: {path}</source>
        <translation>Cannot read the receipt file: {path}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Printer &apos;{name}&apos; tidak siap.</source>
        <translation>Printer &apos;{name}&apos; is not ready.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Struk {no} gagal dibuat ({error}); cetak ulang nanti dari menu.</source>
        <translation>Receipt {no} could not be created ({error}); reprint it later from the menu.</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/product_dialog.py" line="+70"/>
        <source>Produk baru</source>
        <translation>New product</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ubah produk {sku}</source>
        <translation>Edit product {sku}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>seperti tertulis di struk</source>
        <translation>as printed on the receipt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mis. BPN-PYR-010</source>
        <translation>e.g. BPN-PYR-010</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>scan atau ketik; kosong = belum ada</source>
        <translation>scan or type; empty = none yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+114"/>
        <source>Buat barcode internal saat disimpan</source>
        <translation>Create an internal barcode on saving</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Rupiah, mis. 150.000</source>
        <translation>Rupiah, e.g. 150.000</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>mis. Kerajinan kayu</source>
        <translation>e.g. Woodcraft</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lacak stok — matikan untuk minuman kafe</source>
        <translation>Track stock — turn off for café drinks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aktif (dijual di kasir)</source>
        <translation>Active (sold at the till)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barcode</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Satuan</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga jual</source>
        <translation>Selling price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bengkel kerja</source>
        <translation>Workshop</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Stok tercatat: {qty} {unit}. Stok berubah lewat penerimaan barang, penghitungan dan penjualan, bukan di sini.</source>
        <translation>Recorded stock: {qty} {unit}. Stock changes through goods received, counts and sales, not here.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stok produk ini tidak dilacak.</source>
        <translation>This product&apos;s stock is not tracked.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>(tanpa bengkel kerja)</source>
        <translation>(no workshop)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} (diarsipkan)</source>
        <translation>{name} (archived)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Buat barcode internal EAN-13 saat disimpan (20{number}…)</source>
        <translation>Create an internal EAN-13 barcode on saving (20{number}…)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Untuk barang buatan tangan tanpa barcode: kasa memberi nomor EAN-13 sendiri (awalan 20–29) yang bisa dicetak di label.</source>
        <translation>For handmade goods without a barcode: the till assigns its own EAN-13 number (prefix 20–29) that can be printed on a label.</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>{message} Produk sudah tersimpan tanpa barcode.</source>
        <translation>{message} The product has been saved without a barcode.</translation>
    </message>
</context>
<context>
    <name>ProductPicker</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/ledger_screen.py" line="-769"/>
        <source>Scan barcode / ketik SKU lalu Enter — atau ketik nama untuk mencari</source>
        <translation>Scan a barcode / type a SKU then Enter — or type a name to search</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Beberapa produk cocok: pilih dengan ↑ ↓ lalu Enter.</source>
        <translation>Several products match: choose with ↑ ↓ then Enter.</translation>
    </message>
</context>
<context>
    <name>ProductSearchModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/till/search_model.py" line="+23"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asal</source>
        <translation>Origin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stok</source>
        <translation>Stock</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/product_model.py" line="+105"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barcode</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satuan</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bengkel</source>
        <translation>Workshop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stok</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+178"/>
        <source>(belum ada)</source>
        <translation>(none yet)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>arsip</source>
        <translation>archived</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stok tidak dilacak (mis. minuman kafe).</source>
        <translation>Stock not tracked (e.g. café drinks).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Belum ada barcode: pilih &apos;Beri barcode internal&apos; untuk membuatnya.</source>
        <translation>No barcode yet: choose &apos;Assign internal barcode&apos; to create one.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Diarsipkan: tidak dijual di kasir, riwayatnya tetap ada.</source>
        <translation>Archived: not sold at the till; its history is kept.</translation>
    </message>
</context>
<context>
    <name>ProductsScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/products_screen.py" line="+134"/>
        <source>Cari nama, SKU atau barcode…</source>
        <translation>Search name, SKU or barcode…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tampilkan arsip</source>
        <translation>Show archived</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Tambah</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Produk baru (Ins)</source>
        <translation>New product (Ins)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ubah</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ubah produk terpilih (Enter, F2)</source>
        <translation>Edit the selected product (Enter, F2)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Arsipkan</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sembunyikan dari kasir; riwayat penjualan dan stok tetap ada</source>
        <translation>Hide from the till; the sales and stock history is kept</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pulihkan</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jual lagi produk yang diarsipkan</source>
        <translation>Sell archived products again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hapus</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hapus produk tanpa riwayat (Del)</source>
        <translation>Delete products without history (Del)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Beri barcode internal</source>
        <translation>Assign internal barcode</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>EAN-13 berawalan 20 untuk produk terpilih yang belum punya barcode (Ctrl+B)</source>
        <translation>An EAN-13 starting with 20 for selected products without a barcode (Ctrl+B)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cetak label…</source>
        <translation>Print labels…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Label barcode untuk produk terpilih (Ctrl+P)</source>
        <translation>Barcode labels for the selected products (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Impor CSV…</source>
        <translation>Import CSV…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tambah dan ubah produk dari file CSV, dengan pratinjau (Ctrl+I)</source>
        <translation>Add and change products from a CSV file, with a preview (Ctrl+I)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seluruh katalog ke file CSV (Ctrl+E)</source>
        <translation>The whole catalog to a CSV file (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Semua instansi</source>
        <translation>All institutions</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Semua kategori</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(tanpa kategori)</source>
        <translation>(no category)</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Memuat semua produk</source>
        <translation>Reading every product</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{count} produk</source>
        <translation>Products: {count}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} produk pertama ditampilkan — memuat sisanya…</source>
        <translation>First {count} products shown — reading the rest…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{count} produk pertama ditampilkan — gulir ke bawah untuk memuat semua</source>
        <translation>First {count} products shown — scroll down to load all</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Belum ada instansi: daftarkan instansi dulu (Katalog → Instansi).</source>
        <translation>No institutions yet: register an institution first (Catalog → Institutions).</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{saved} Tidak tampil di daftar karena filter yang dipilih.</source>
        <translation>{saved} It is not shown in the list because of the chosen filters.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pilih satu produk untuk diubah.</source>
        <translation>Select one product to edit.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Produk {sku} — {name} disimpan.</source>
        <translation>Product {sku} — {name} saved.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{names} dan {count} lainnya</source>
        <translation>{names} and {count} more</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pilih produk aktif yang akan diarsipkan.</source>
        <translation>Select the active products to archive.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} produk diarsipkan ({names}): tidak dijual di kasir lagi, riwayatnya tetap. Pulihkan bila keliru.</source>
        <translation>Products archived: {count} ({names}). They are no longer sold at the till; their history is kept. Restore them if this was a mistake.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pilih produk arsip yang akan dipulihkan.</source>
        <translation>Select the archived products to restore.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{count} produk dipulihkan ({names}): dijual lagi di kasir.</source>
        <translation>Products restored: {count} ({names}). They are sold at the till again.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pilih produk yang akan dihapus.</source>
        <translation>Select the products to delete.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hapus produk</source>
        <translation>Delete products</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hapus {count} produk ({names})? Hanya produk yang belum pernah dijual, dihitung atau dicatat stoknya yang bisa dihapus.</source>
        <translation>Delete {count} product(s) ({names})? Only products that were never sold, counted or given a stock entry can be deleted.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{count} produk dihapus.</source>
        <translation>Products deleted: {count}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} produk tidak bisa dihapus karena sudah punya riwayat (penjualan, mutasi stok atau penghitungan): {names}. Arsipkan saja.</source>
        <translation>{count} product(s) cannot be deleted because they already have a history (sales, stock movements or counts): {names}. Archive them instead.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} produk dihapus. {why}</source>
        <translation>Products deleted: {count}. {why}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Arsipkan saja?</source>
        <translation>Archive instead?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{why}

Arsipkan {count} produk itu sekarang?</source>
        <translation>{why}

Archive those {count} product(s) now?</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+20"/>
        <source>Produk yang dipilih sudah punya barcode semua.</source>
        <translation>All selected products already have a barcode.</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Pilih produk yang belum punya barcode.</source>
        <translation>Select products that have no barcode yet.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Barcode internal {code} untuk {name}. Cetak labelnya: Ctrl+P.</source>
        <translation>Internal barcode {code} for {name}. Print its label: Ctrl+P.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} barcode internal diberikan ({first} … {last}). Cetak labelnya: Ctrl+P.</source>
        <translation>{count} internal barcodes assigned ({first} … {last}). Print their labels: Ctrl+P.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Pilih produk yang akan dicetak labelnya.</source>
        <translation>Select the products to print labels for.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Impor katalog selesai: {added} produk baru, {changed} berubah, {same} sama.</source>
        <translation>Catalog import finished — new products: {added}, changed: {changed}, unchanged: {same}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+28"/>
        <source>Ekspor katalog ke CSV</source>
        <translation>Export catalog to CSV</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>File {path} tidak dapat ditulis: {error}</source>
        <translation>Cannot write the file {path}: {error}</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>{count} produk diekspor ke {path}</source>
        <translation>Exported {count} products to {path}</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/record_dialog.py" line="+85"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RefundLinesModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/till/refund_model.py" line="+53"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terjual</source>
        <translation>Sold</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sudah direfund</source>
        <translation>Already refunded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund sekarang</source>
        <translation>Refund now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah uang</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Klik dua kali atau F2 untuk mengisi jumlah yang dikembalikan</source>
        <translation>Double-click or press F2 to enter the quantity returned</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{sku} · {unit} per unit setelah diskon</source>
        <translation>{sku} · {unit} per unit after discount</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>0 sampai {left}</source>
        <translation>0 to {left}</translation>
    </message>
</context>
<context>
    <name>RefundScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/till/refund_screen.py" line="+97"/>
        <source>Refund / retur pembeli</source>
        <translation>Customer refund / return</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Scan barcode/QR struk atau ketik nomornya (mis. BPN1-000123) lalu Enter</source>
        <translation>Scan the receipt&apos;s barcode/QR or type its number (e.g. BPN1-000123), then Enter</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cari struk</source>
        <translation>Find receipt</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Semua</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kembalikan semua yang belum direfund</source>
        <translation>Return everything not yet refunded</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kosongkan</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tunai</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+167"/>
        <source>QRIS</source>
        <translation>QRIS</translation>
    </message>
    <message>
        <location line="-166"/>
        <source>Transfer bank</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>mis. barang retak, salah ukuran</source>
        <translation>e.g. item cracked, wrong size</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no. referensi QRIS / transfer</source>
        <translation>QRIS / transfer reference no.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Kembalikan dana</source>
        <translation>Pay refund</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cetak bukti refund</source>
        <translation>Print refund slip</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Dikembalikan lewat</source>
        <translation>Refunded via</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Referensi</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+91"/>
        <source>Scan atau ketik nomor struk dulu.</source>
        <translation>Scan or type a receipt number first.</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Semua barang struk {no} sudah dikembalikan.</source>
        <translation>All items of receipt {no} have already been returned.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Struk {no}: isi jumlah yang dikembalikan, atau tekan Semua.</source>
        <translation>Receipt {no}: enter the quantities returned, or press All.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Belum ada struk.</source>
        <translation>No receipt yet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Struk {no} · {time} · kasir {cashier} · total {total} · dibayar {methods}</source>
        <translation>Receipt {no} · {time} · cashier {cashier} · total {total} · paid by {methods}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>sudah direfund {amount}</source>
        <translation>already refunded {amount}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>tunai</source>
        <translation>cash</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>transfer</source>
        <translation>transfer</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Refund: {amount}</source>
        <translation>Refund: {amount}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Belum ada yang masuk: login dulu (Ctrl+L).</source>
        <translation>Nobody is logged in: log in first (Ctrl+L).</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Refund {amount} ({method}) untuk struk {no}</source>
        <translation>Refund {amount} ({method}) for receipt {no}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Refund tidak dicatat: perlu persetujuan supervisor.</source>
        <translation>Refund not recorded: it needs supervisor approval.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Refund {no}: {amount} {method} dikembalikan</source>
        <translation>Refund {no}: {amount} paid back via {method}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sudah tercatat sebelumnya — {refund}</source>
        <translation>Already recorded earlier — {refund}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Kesalahan basis data (dicatat di log); jika berulang, panggil admin.</source>
        <translation>Database error (written to the log); if it happens again, call an admin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refund TIDAK tercatat, formulir tetap; mencoba lagi tidak akan mencatatnya dua kali. {reason}</source>
        <translation>Refund NOT recorded, the form stays; trying again will not record it twice. {reason}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Bukti refund tidak dapat disimpan di {path}: {error}</source>
        <translation>The refund slip could not be saved to {path}: {error}</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/shift_screen.py" line="+202"/>
        <source>Kas (laci uang)</source>
        <translation>Cash (drawer)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Modal awal</source>
        <translation>Opening float</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>+ Penjualan tunai (setelah kembalian)</source>
        <translation>+ Cash sales (after change)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>+ Uang masuk</source>
        <translation>+ Cash in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>− Uang keluar</source>
        <translation>− Cash out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>− Refund tunai</source>
        <translation>− Cash refunds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seharusnya di laci</source>
        <translation>Expected in drawer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uang dihitung</source>
        <translation>Counted cash</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih</source>
        <translation>Variance</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&lt;b&gt;Per metode pembayaran&lt;/b&gt;</source>
        <translation>&lt;b&gt;By payment method&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;b&gt;Uang masuk / keluar&lt;/b&gt;</source>
        <translation>&lt;b&gt;Cash in / out&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Laporan Z No. {z}</source>
        <translation>Z report No. {z}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Laporan X (sementara)</source>
        <translation>X report (interim)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kasa &lt;b&gt;{till}&lt;/b&gt; · {event}&lt;br&gt;Dibuka {opened} oleh {name}</source>
        <translation>Till &lt;b&gt;{till}&lt;/b&gt; · {event}&lt;br&gt;Opened {opened} by {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ditutup {closed} oleh {name}</source>
        <translation>Closed {closed} by {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} transaksi · penjualan {sales} (diskon {discounts}) · refund {refunds} · total {net}</source>
        <translation>Transactions: {count} · sales {sales} (discounts {discounts}) · refunds {refunds} · total {net}</translation>
    </message>
</context>
<context>
    <name>ReportRowsModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/reports/report_models.py" line="+59"/>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kotor</source>
        <translation>Gross</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bersih</source>
        <translation>Net</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Struk</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Porsi</source>
        <translation>Share</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unit terjual dikurangi unit yang direfund</source>
        <translation>Units sold minus units refunded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penjualan seperti dibayar pembeli, sebelum refund</source>
        <translation>Sales as paid by customers, before refunds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uang yang dikembalikan untuk baris-baris ini</source>
        <translation>Money refunded for these lines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kotor − Refund</source>
        <translation>Gross − Refunds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah struk (transaksi) yang memuat baris ini</source>
        <translation>Number of receipts (transactions) that include this line</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bagian dari total penjualan bersih laporan</source>
        <translation>Share of the report&apos;s total net sales</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/reports/reports_screen.py" line="+158"/>
        <location line="+429"/>
        <location line="+16"/>
        <source>Laporan penjualan</source>
        <translation>Sales report</translation>
    </message>
    <message>
        <location line="-436"/>
        <source>Acara:</source>
        <translation>Event:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tanggal:</source>
        <translation>Dates:</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Muat ulang (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Struk:</source>
        <translation>Receipts:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kotor:</source>
        <translation>Gross:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund:</source>
        <translation>Refunds:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bersih:</source>
        <translation>Net:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diskon diberikan:</source>
        <translation>Discounts given:</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+398"/>
        <source>Penjualan bersih per jam (Rp)</source>
        <translation>Net sales per hour (Rp)</translation>
    </message>
    <message>
        <location line="-392"/>
        <source>Porsi per instansi</source>
        <translation>Share by institution</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Simpan PDF laporan akhir</source>
        <translation>Save final report as PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Laporan akhir acara (A4) untuk ditandatangani Kalapas/Karutan</source>
        <translation>Final event report (A4) for the head of the Lapas/Rutan to sign</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cetak laporan akhir</source>
        <translation>Print final report</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Simpan CSV</source>
        <translation>Save CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laporan akhir acara sebagai CSV</source>
        <translation>Final event report as CSV</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Rincian:</source>
        <translation>Breakdown:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>s/d</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+14"/>
        <location line="+8"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="-21"/>
        <location line="+14"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>Bengkel kerja</source>
        <translation>Workshop</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>Metode bayar</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <source>Kasir</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+14"/>
        <location line="+317"/>
        <source>Jam</source>
        <translation>Hour</translation>
    </message>
    <message>
        <location line="-330"/>
        <location line="+14"/>
        <source>Hari</source>
        <translation>Day</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Terlaris (10 teratas)</source>
        <translation>Best sellers (top 10)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+8"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+1"/>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>Belum ada acara: buat acara di Katalog → Acara.</source>
        <translation>No events yet: create one in Catalog → Events.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tanggal awal {start} sesudah tanggal akhir {end}.</source>
        <translation>The start date {start} is after the end date {end}.</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Memuat laporan…</source>
        <translation>Loading the report…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Laporan dimuat: {receipts} struk, penjualan bersih {net}.</source>
        <translation>Report loaded: {receipts} receipts, net sales {net}.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Laporan penjualan — {title}</source>
        <translation>Sales report — {title}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Penjualan bersih per jam — belum ada penjualan</source>
        <translation>Net sales per hour — no sales yet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Penjualan bersih</source>
        <translation>Net sales</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{start}.00–{end}.00: {net}</source>
        <translation>{start}:00–{end}:00: {net}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Porsi per instansi — belum ada penjualan</source>
        <translation>Share by institution — no sales yet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Porsi per instansi (penjualan bersih)</source>
        <translation>Share by institution (net sales)</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Laporan akhir hanya untuk satu acara: pilih Acara di atas.</source>
        <translation>The final report covers a single event: choose Event above.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{what} tidak dapat disimpan di {path}: {error}</source>
        <translation>Could not save the {what} to {path}: {error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Membuat laporan akhir…</source>
        <translation>Making the end-of-event report…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laporan akhir acara</source>
        <translation>End-of-event report</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Simpan laporan akhir acara (PDF)</source>
        <translation>Save final event report (PDF)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Laporan akhir disimpan: {path}</source>
        <translation>Final report saved: {path}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Simpan laporan akhir acara (CSV)</source>
        <translation>Save final event report (CSV)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>CSV disimpan: {path}</source>
        <translation>CSV saved: {path}</translation>
    </message>
</context>
<context>
    <name>RestoreLoginDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/backup/restore_at_start.py" line="+59"/>
        <source>Pulihkan cadangan — admin</source>
        <translation>Restore backup — admin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pulihkan</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cadangan {time}: {sales} penjualan, struk terakhir {last}.</source>
        <translation>Backup {time}: {sales} sales, last receipt {last}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cadangan {file}.</source>
        <translation>Backup {file}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Yang dicatat sesudah cadangan itu tidak ada lagi di kasa ini; berkas basis data sekarang disimpan di folder &apos;replaced&apos;, tidak dihapus. Masuk sebagai admin dengan PIN yang berlaku saat cadangan itu dibuat.</source>
        <translation>What was recorded after that backup will no longer be on this till; the current database file is kept in the &apos;replaced&apos; folder, not deleted. Log in as an admin with the PIN valid when the backup was made.</translation>
    </message>
</context>
<context>
    <name>ReturnLinesModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/return_screen.py" line="+30"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Satuan</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nilai</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Stok di buku {qty}: lebih banyak terjual/tercatat keluar daripada yang ada. Periksa penghitungan; baris ini tidak ikut diretur.</source>
        <translation>Ledger stock {qty}: more was sold or booked out than there was. Check the counts; this line is not included in the return.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <location line="+57"/>
        <location line="+152"/>
        <source>Retur ke instansi</source>
        <translation>Return to institution</translation>
    </message>
    <message>
        <location line="-144"/>
        <source>Setelah penghitungan akhir diposting, barang yang tersisa dikembalikan ke instansinya dengan berita acara serah terima (ditandatangani kedua pihak).</source>
        <translation>Once the closing count is posted, the remaining goods are returned to their institution with a handover record (signed by both sides).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>masih terbuka</source>
        <translation>still open</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>sudah diserahkan</source>
        <translation>handed over</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Serahkan &amp;&amp; cetak berita acara</source>
        <translation>Hand over &amp;&amp; print handover record</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cetak ulang berita acara</source>
        <translation>Reprint handover record</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Buka PDF</source>
        <translation>Open PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Muat ulang (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Instansi peserta acara</source>
        <translation>Institutions taking part in the event</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Belum ada acara dipilih: pilih acara di Kasir → Pengaturan.</source>
        <translation>No event selected yet: choose an event in Till → Settings.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retur ke instansi — {event}</source>
        <translation>Return to institution — {event}</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Pilih instansi di sebelah kiri.</source>
        <translation>Select an institution on the left.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{code} · {name}: belum diserahkan. Yang akan dikembalikan:</source>
        <translation>{code} · {name}: not handed over yet. To be returned:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Perhatian: {count} produk stoknya negatif di buku ({names}). Periksa penghitungan akhir; produk itu tidak ikut diretur.</source>
        <translation>Note: products with negative ledger stock ({count}): {names}. Check the closing count; those products are not included in the return.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Angka sementara: penghitungan akhir {code} belum diposting, retur belum bisa dicatat.</source>
        <translation>Provisional figures: the closing count of {code} is not posted yet, so the return cannot be recorded yet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+21"/>
        <source>Dikembalikan: {units} barang senilai {value}</source>
        <translation>Returned: {units} items worth {value}</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+23"/>
        <source>Hasil penjualan (hak {code}): {due}</source>
        <translation>Sales proceeds (due to {code}): {due}</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>{code} · {name}: sudah diserahkan {time}, oleh {by} kepada {to}. Barang yang dikembalikan:</source>
        <translation>{code} · {name}: handed over {time} by {by} to {to}. Goods returned:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Terjual: {sold} barang</source>
        <translation>Sold: {sold} items</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Berita acara tidak dapat disimpan di {path}: {error}. Coba lagi dengan Cetak ulang berita acara.</source>
        <translation>The handover record could not be saved to {path}: {error}. Try again with Reprint handover record.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Berita acara serah terima</source>
        <translation>Handover record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{done}
Berita acara: {path}

Cetak sekarang?</source>
        <translation>{done}
Handover record: {path}

Print it now?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{done} Berita acara: {path}</source>
        <translation>{done} Handover record: {path}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pilih instansi dulu.</source>
        <translation>Select an institution first.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Serah terima ke {code}</source>
        <translation>Handover to {code}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nama petugas {code} yang menerima:</source>
        <translation>Name of the {code} officer receiving:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Catat retur {units} barang ({value}) ke {code}?</source>
        <translation>Record the return of {units} items ({value}) to {code}?</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Retur ke {code} dicatat: {units} barang ({value}).</source>
        <translation>Return to {code} recorded: {units} items ({value}).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Instansi ini belum diserahkan.</source>
        <translation>The goods of this institution have not been handed over yet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Berita acara {code} dibuat ulang.</source>
        <translation>Handover record for {code} created again.</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/till/sale_screen.py" line="+99"/>
        <source>Scan barcode / ketik SKU lalu Enter — atau ketik nama untuk mencari</source>
        <translation>Scan a barcode / type a SKU then Enter — or type a name to search</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tambah barcode / SKU / hasil cari</source>
        <translation>add barcode / SKU / search result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1600*</source>
        <translation>1600*</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>jumlah untuk scan berikutnya</source>
        <translation>quantity for the next scan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>↑ ↓</source>
        <translation>↑ ↓</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>pilih baris</source>
        <translation>select line</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F4</source>
        <translation>F4</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ubah jumlah baris</source>
        <translation>change line quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F8</source>
        <translation>F8</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>F12</source>
        <translation>F12</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bayar</source>
        <translation>pay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F5 / F6 / F7</source>
        <translation>F5 / F6 / F7</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tunai / QRIS / transfer</source>
        <translation>cash / QRIS / transfer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+1…4</source>
        <translation>Ctrl+1…4</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>uang pas / 20.000 / 50.000 / 100.000</source>
        <translation>exact amount / 20.000 / 50.000 / 100.000</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>batal cari / kembali</source>
        <translation>cancel search / back</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Kasa mati di tengah penjualan. Keranjang {name} ({lines} baris, {total}, terakhir diubah {time}) TIDAK terjual dan sudah diparkir. Lanjutkan dengan F3 dan tanyakan pembeli apakah sudah membayar.</source>
        <translation>The till stopped in the middle of a sale. {name}&apos;s cart ({lines} lines, {total}, last changed {time}) was NOT sold and has been parked. Resume it with F3 and ask the customer whether they already paid.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Diskon dan ubah harga yang perlu persetujuan supervisor diminta lagi saat dibayar.</source>
        <translation>Discounts and price changes that need a supervisor&apos;s approval are asked for again at payment.</translation>
    </message>
    <message>
        <location line="+160"/>
        <source>Tidak ada produk yang cocok dengan &apos;{text}&apos;.</source>
        <translation>No product matches &apos;{text}&apos;.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>{qty} × {name} — {total}</source>
        <translation>{qty} × {name} — {total}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{added}. Perhatian: stok tercatat hanya {on_hand}; tetap dijual.</source>
        <translation>{added}. Note: recorded stock is only {on_hand}; sold anyway.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Jumlah untuk scan berikutnya: {qty}</source>
        <translation>Quantity for the next scan: {qty}</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+57"/>
        <location line="+50"/>
        <source>Pilih baris dulu (↑ ↓).</source>
        <translation>Select a line first (↑ ↓).</translation>
    </message>
    <message>
        <location line="-102"/>
        <source>Ubah jumlah</source>
        <translation>Change quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah {name}:</source>
        <translation>Quantity of {name}:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Jumlah {name} menjadi {qty}.</source>
        <translation>Quantity of {name} is now {qty}.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Baris {name} dihapus.</source>
        <translation>Line {name} removed.</translation>
    </message>
    <message>
        <location line="+322"/>
        <source>{lines} baris, {items} barang</source>
        <translation>{lines} lines, {items} items</translation>
    </message>
    <message>
        <location line="-224"/>
        <location line="+232"/>
        <source>Keranjang masih kosong: scan produk dulu.</source>
        <translation>The cart is still empty: scan a product first.</translation>
    </message>
    <message>
        <location line="-809"/>
        <source>hapus baris (void)</source>
        <translation>remove line (void)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F9</source>
        <translation>F9</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>diskon baris</source>
        <translation>line discount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift+F9</source>
        <translation>Shift+F9</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>diskon seluruh penjualan</source>
        <translation>discount on the whole sale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F10</source>
        <translation>F10</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ubah harga baris</source>
        <translation>change line price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F2 / F3</source>
        <translation>F2 / F3</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>parkir / lanjutkan penjualan</source>
        <translation>park / resume sale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Del</source>
        <translation>Ctrl+Del</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>batalkan seluruh keranjang</source>
        <translation>cancel the whole cart</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>F11</source>
        <translation>F11</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bagi pembayaran (QRIS/transfer + tunai)</source>
        <translation>split payment (QRIS/transfer + cash)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Shift belum dibuka: buka shift dulu (Alt+9)</source>
        <translation>Shift not opened yet: open a shift first (Alt+9)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Keranjang tidak bisa disimpan ke disk (disk penuh atau tidak bisa ditulis): kalau kasa mati sekarang, keranjang ini hilang. Penjualan tetap bisa dibayar.</source>
        <translation>The cart cannot be saved to disk (disk full or not writable): if the till stops now, this cart is lost. The sale can still be paid.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Dipulihkan: kasa mati saat penjualan</source>
        <translation>Recovered: the till stopped during a sale</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keranjang yang tertinggal saat kasa mati belum bisa diparkir: {error}. Dicoba lagi saat login berikutnya.</source>
        <translation>The cart left when the till stopped could not be parked yet: {error}. It is tried again at the next login.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>basis data atau disk menolak</source>
        <translation>the database or the disk refused</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Keranjang yang tersimpan saat kasa mati tidak bisa dibaca. Berkasnya disimpan untuk admin: {path}</source>
        <translation>The cart saved when the till stopped cannot be read. The file is kept for an admin: {path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kasa mati tepat setelah penjualan {total} tersimpan: penjualan itu sudah tercatat, tidak ada yang perlu diulang.</source>
        <translation>The till stopped just after the {total} sale was saved: that sale is recorded, nothing needs to be redone.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Keranjang dipulihkan</source>
        <translation>Cart recovered</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Jendela ditutup {time}</source>
        <translation>Window closed {time}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Keranjang disimpan</source>
        <translation>Cart kept</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keranjang tidak bisa diparkir sekarang{problem}. Keranjang tetap tersimpan di disk dan diparkir otomatis saat kasa dibuka lagi.</source>
        <translation>The cart cannot be parked now{problem}. It stays saved on disk and is parked automatically when the till is opened again.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Keranjang tidak bisa diparkir atau disimpan: jendela tetap terbuka. Bayar, parkir (F2) atau batalkan (Ctrl+Del) dulu.</source>
        <translation>The cart can be neither parked nor saved: the window stays open. Pay, park (F2) or cancel (Ctrl+Del) first.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Belum ada yang masuk: login dulu (Ctrl+L).</source>
        <translation>Nobody is logged in: log in first (Ctrl+L).</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Tidak diubah: {what} perlu persetujuan {role}.</source>
        <translation>Not changed: {what} needs {role} approval.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>kasir</source>
        <translation>cashier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location line="+210"/>
        <source>Jumlah {name} menjadi {qty} (void {removed}).</source>
        <translation>Quantity of {name} is now {qty} ({removed} voided).</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Void {qty} × {name} ({amount})</source>
        <translation>Void {qty} × {name} ({amount})</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Diskon {percent}% ({amount})</source>
        <translation>Discount {percent}% ({amount})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Diskon {amount}</source>
        <translation>Discount {amount}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Diskon baris (mis. 10% atau 5.000)</source>
        <translation>Line discount (e.g. 10% or 5.000)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Diskon baris</source>
        <translation>Line discount</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{discount} untuk {name}</source>
        <translation>{discount} on {name}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Diskon penjualan</source>
        <translation>Sale discount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diskon seluruh penjualan (mis. 10% atau 5.000)</source>
        <translation>Discount on the whole sale (e.g. 10% or 5.000)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{discount} untuk seluruh penjualan</source>
        <translation>{discount} on the whole sale</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Ubah harga</source>
        <translation>Change price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harga baru per {unit} untuk {name} (katalog {price}):</source>
        <translation>New price per {unit} for {name} (catalog {price}):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Harga {name} {old} → {new}</source>
        <translation>Price of {name} {old} → {new}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{what} — disetujui {name}.</source>
        <translation>{what} — approved by {name}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Keranjang sudah kosong.</source>
        <translation>The cart is already empty.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batalkan seluruh keranjang ({lines} baris, {total})?</source>
        <translation>Cancel the whole cart ({lines} lines, {total})?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Batalkan penjualan</source>
        <translation>Cancel sale</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batalkan keranjang</source>
        <translation>Cancel the cart</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kembali ke penjualan</source>
        <translation>Back to the sale</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Penjualan {total} dibatalkan (tercatat).</source>
        <translation>Sale of {total} cancelled (logged).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Keranjang masih kosong: tidak ada yang diparkir.</source>
        <translation>The cart is still empty: nothing to park.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Parkir penjualan</source>
        <translation>Park sale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keterangan (opsional, mis. ibu baju merah):</source>
        <translation>Note (optional, e.g. lady in the red shirt):</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Diparkir: {label} ({total}). Lanjutkan dengan F3.</source>
        <translation>Parked: {label} ({total}). Resume with F3.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+39"/>
        <source>tanpa keterangan</source>
        <translation>no note</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Keranjang belum kosong: bayar atau parkir dulu (F2), lalu F3.</source>
        <translation>The cart is not empty: pay or park it first (F2), then F3.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Tidak ada penjualan yang diparkir.</source>
        <translation>There are no parked sales.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Dilanjutkan: {label} ({total}).</source>
        <translation>Resumed: {label} ({total}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{resumed} {count} diskon/ubah harga perlu disetujui lagi (PIN supervisor saat bayar): persetujuan tidak ikut diparkir.</source>
        <translation>{resumed} {count} discount(s)/price change(s) must be approved again (supervisor&apos;s PIN at payment): approvals are not kept when a sale is parked.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Subtotal {subtotal} · Diskon {discount}</source>
        <translation>Subtotal {subtotal} · Discount {discount}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Diskon {amount} untuk seluruh penjualan</source>
        <translation>Discount {amount} on the whole sale</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Harga katalog {count} baris berubah sejak discan: dijual dengan harga saat scan.</source>
        <translation>The catalog price of {count} line(s) changed since scanning: sold at the price when scanned.</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Penjualan TIDAK tersimpan, keranjang tetap. Kesalahan basis data (dicatat di log); coba lagi, jika berulang panggil admin.</source>
        <translation>Sale NOT saved, the cart stays. Database error (written to the log); try again, if it happens again call an admin.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Penjualan TIDAK tersimpan, keranjang tetap. {reason}</source>
        <translation>The sale was NOT saved; the cart stays. {reason}</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Kembalian {change}</source>
        <translation>Change {change}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Struk terakhir {no}: total {total}, {change}</source>
        <translation>Last receipt {no}: total {total}, {change}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Tersimpan {no}. {change}.</source>
        <translation>Saved {no}. {change}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{saved} Struk tidak tercetak: {problem} PDF: {path}. Cetak ulang: Ctrl+R.</source>
        <translation>{saved} Receipt not printed: {problem} PDF: {path}. Reprint: Ctrl+R.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{saved} Struk dicetak.</source>
        <translation>{saved} Receipt printed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{saved} Struk PDF: {path}</source>
        <translation>{saved} Receipt PDF: {path}</translation>
    </message>
</context>
<context>
    <name>SetUpDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/first_start.py" line="+74"/>
        <source>Kasir atau kantor?</source>
        <translation>Till or office?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mulai</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Basis data ini baru. Pilih sekali untuk selamanya: kasir yang menjual di bazar, atau kantor yang menggabungkan ekspor kasa dan membuat laporan.</source>
        <translation>This database is new. Choose once and for all: a till that sells at the bazaar, or an office that merges till exports and makes reports.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kasir (menjual di bazar)</source>
        <translation>Till (sells at the bazaar)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kantor (mengumpulkan ekspor kasa, membuat laporan)</source>
        <translation>Office (gathers till exports, makes reports)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Basis data ini</source>
        <translation>This database</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Instansi baru…</source>
        <translation>New institution…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>mis. BPN</source>
        <translation>e.g. BPN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>mis. Rutan Kelas IIA Balikpapan</source>
        <translation>e.g. Rutan Kelas IIA Balikpapan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mis. BPN1</source>
        <translation>e.g. BPN1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isi data demo untuk latihan</source>
        <translation>Fill in demo data for training</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kode instansi baru</source>
        <translation>New institution&apos;s code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama instansi baru</source>
        <translation>New institution&apos;s name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kode kasa</source>
        <translation>Till code</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Kantor tidak berjualan dan tidak diberi data demo: impor ekspor kasa lewat menu Sinkronisasi, lalu buat laporan lewat menu Laporan.</source>
        <translation>An office does not sell and gets no demo data: import till exports via the Sync menu, then make reports via the Reports menu.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/settings_dialog.py" line="+46"/>
        <source>A4 3×8 (70×37 mm)</source>
        <translation>A4 3×8 (70×37 mm)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4 4×10 (52,5×29,7 mm)</source>
        <translation>A4 4×10 (52.5×29.7 mm)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label termal 50×30 mm</source>
        <translation>Thermal label 50×30 mm</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Pengaturan kasir</source>
        <translation>Till settings</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Kertas termal 58 mm</source>
        <translation>Thermal paper 58 mm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kertas termal 80 mm</source>
        <translation>Thermal paper 80 mm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(tanpa printer — simpan PDF saja)</source>
        <translation>(no printer — save PDF only)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} (tidak terhubung)</source>
        <translation>{name} (not connected)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cetak struk setelah pembayaran</source>
        <translation>Print receipt after payment</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(tanpa acara)</source>
        <translation>(no event)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>(tidak ada — hanya di laptop)</source>
        <translation>(none — on the laptop only)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Basis data ini</source>
        <translation>This database</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID perangkat</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kode kasa (mis. BPN1)</source>
        <translation>Till code (e.g. BPN1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kode kasa ini diatur di laptop ini saat dipasang, bukan di basis data bersama. Untuk menggantinya, buka aplikasi dengan:</source>
        <translation>This till code is set on this laptop where it was installed, not in the shared database. To change it, start the app with:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Acara saat ini</source>
        <translation>Current event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ukuran struk</source>
        <translation>Receipt size</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ukuran label barcode</source>
        <translation>Barcode label size</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bahasa (setelah buka ulang)</source>
        <translation>Language (after restart)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder cadangan kedua (flashdisk)</source>
        <translation>Second backup folder (USB stick)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cadangan tiap … menit (0 = tidak)</source>
        <translation>Back up every … minutes (0 = off)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cadangan tiap … penjualan (0 = tidak)</source>
        <translation>Back up every … sales (0 = off)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Simpan … cadangan terakhir</source>
        <translation>Keep the last … backups</translation>
    </message>
</context>
<context>
    <name>ShiftModels</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/shift_models.py" line="+50"/>
        <source>uang kertas</source>
        <translation>note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>koin</source>
        <translation>coin</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tunai</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>QRIS</source>
        <translation>QRIS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer bank</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Pecahan</source>
        <translation>Denomination</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bentuk</source>
        <translation>Form</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Metode</source>
        <translation>Method</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penjualan</source>
        <translation>Sales</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bersih</source>
        <translation>Net</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nominal</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oleh</source>
        <translation>By</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Uang masuk</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uang keluar</source>
        <translation>Cash out</translation>
    </message>
</context>
<context>
    <name>ShiftScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/shift_screen.py" line="+71"/>
        <source>Buka shift</source>
        <translation>Open shift</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hitung uang modal di laci per pecahan (ketik jumlah, Enter/Tab):</source>
        <translation>Count the opening float in the drawer by denomination (type the count, Enter/Tab):</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Uang masuk</source>
        <translation>Cash in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uang keluar</source>
        <translation>Cash out</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mis. 50.000</source>
        <translation>e.g. 50.000</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mis. beli kantong plastik</source>
        <translation>e.g. bought plastic bags</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catat</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Uang masuk / keluar laci</source>
        <translation>Cash in / out of the drawer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nominal:</source>
        <translation>Amount:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alasan:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Segarkan</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Laporan X</source>
        <translation>X report</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tutup shift (Z)</source>
        <translation>Close shift (Z)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Seharusnya di laci:</source>
        <translation>Expected in drawer:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uang dihitung:</source>
        <translation>Counted cash:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih:</source>
        <translation>Variance:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>catatan (opsional), mis. alasan selisih</source>
        <translation>note (optional), e.g. reason for the variance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catatan:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tutup shift (Laporan Z)</source>
        <translation>Close shift (Z report)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cetak / buka PDF Laporan Z</source>
        <translation>Print / open Z report PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Buka shift baru</source>
        <translation>Open a new shift</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&lt;b&gt;Belum ada shift terbuka di kasa {till}.&lt;/b&gt;</source>
        <translation>&lt;b&gt;No shift is open on till {till}.&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Modal awal: &lt;b&gt;{total}&lt;/b&gt;</source>
        <translation>Opening float: &lt;b&gt;{total}&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Masuk (login) dulu untuk membuka shift.</source>
        <translation>Log in first to open a shift.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Shift dibuka dengan modal awal {amount}.</source>
        <translation>Shift opened with an opening float of {amount}.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Masuk (login) dulu.</source>
        <translation>Log in first.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Uang masuk {amount} dicatat: {reason}.</source>
        <translation>Cash in {amount} recorded: {reason}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uang keluar {amount} dicatat: {reason}.</source>
        <translation>Cash out {amount} recorded: {reason}.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&lt;b&gt;Tutup shift kasa {till}&lt;/b&gt; (dibuka {opened} oleh {name}). Hitung semua uang di laci per pecahan.</source>
        <translation>&lt;b&gt;Close the shift of till {till}&lt;/b&gt; (opened {opened} by {name}). Count all the cash in the drawer by denomination.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{amount} (kurang)</source>
        <translation>{amount} (short)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{amount} (lebih)</source>
        <translation>{amount} (over)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{amount} (cocok)</source>
        <translation>{amount} (matches)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Masuk (login) dulu untuk menutup shift.</source>
        <translation>Log in first to close the shift.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tutup shift kasa {till}?

Seharusnya di laci: {expected}
Uang dihitung: {counted}
Selisih: {difference}

Laporan Z dibuat dan tidak bisa dibatalkan.</source>
        <translation>Close the shift of till {till}?

Expected in drawer: {expected}
Counted cash: {counted}
Variance: {difference}

A Z report is created; this cannot be undone.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tutup shift</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Shift ditutup: Laporan Z No. {z}, selisih {difference}. PDF: {path}</source>
        <translation>Shift closed: Z report No. {z}, variance {difference}. PDF: {path}</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Masuk (login) dulu untuk membuka, mengisi atau menutup shift.</source>
        <translation>Log in first to open a shift, record cash in/out or close it.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&apos;{text}&apos; bukan jumlah lembar/keping yang valid (bilangan bulat 0–{max}).</source>
        <translation>&apos;{text}&apos; is not a valid number of notes/coins (a whole number 0–{max}).</translation>
    </message>
</context>
<context>
    <name>StartCountDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/count_screen.py" line="-152"/>
        <source>Mulai penghitungan</source>
        <translation>Start count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acara: &lt;b&gt;{event}&lt;/b&gt;</source>
        <translation>Event: &lt;b&gt;{event}&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Penghitungan awal — barang datang</source>
        <translation>Opening count — goods received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penghitungan akhir — sisa barang</source>
        <translation>Closing count — remaining goods</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cek acak — selama acara</source>
        <translation>Spot check — during the event</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Semua instansi peserta acara</source>
        <translation>All institutions taking part in the event</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hitung buta (jumlah seharusnya disembunyikan)</source>
        <translation>Blind count (expected quantities hidden)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Penghitung tidak melihat jumlah seharusnya sampai penghitungan diposting, supaya yang dicatat benar-benar yang ada di meja.</source>
        <translation>The counter does not see the expected quantities until the count is posted, so that what is recorded is really what is on the table.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Jenis:</source>
        <translation>Type:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cakupan:</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dihitung oleh:</source>
        <translation>Counted by:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mulai</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StartWindow</name>
    <message>
        <location filename="../../bazaar_pos/ui/start_window.py" line="+77"/>
        <source>Masuk — kasa {till}</source>
        <translation>Log in — till {till}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Membuka basis data…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>4–8 angka</source>
        <translation>4–8 digits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pengguna</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Menyiapkan basis data baru…</source>
        <translation>Preparing a new database…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Membuka basis data… Anda masuk begitu siap.</source>
        <translation>Opening the database… You will be logged in as soon as it is ready.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../bazaar_pos/ui/app.py" line="+139"/>
        <location line="+76"/>
        <location filename="../../bazaar_pos/ui/backup/restore_at_start.py" line="+39"/>
        <source>Bazaar POS tidak bisa dibuka</source>
        <translation>Bazaar POS cannot open</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Cadangan {file} dipulihkan ({sales} penjualan, struk terakhir {last}).</source>
        <translation>Backup {file} restored ({sales} sales, last receipt {last}).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Berkas yang diganti disimpan di {kept}.</source>
        <translation>The replaced file is kept at {kept}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tidak ada berkas yang diganti.</source>
        <translation>There was no file to replace.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kasa dibuka sekarang.</source>
        <translation>The till opens now.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cadangan dipulihkan</source>
        <translation>Backup restored</translation>
    </message>
    <message>
        <location filename="../../bazaar_pos/ui/backup/restore_at_start.py" line="+3"/>
        <source>Cadangan baik terbaru: {time} ({sales} penjualan, struk terakhir {last}).</source>
        <translation>Newest good backup: {time} ({sales} sales, last receipt {last}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cadangan baik terbaru: {file}.</source>
        <translation>Newest good backup: {file}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Admin dapat memulihkannya sekarang: tombol &apos;Pulihkan sekarang&apos;, lalu nama pengguna dan PIN admin.</source>
        <translation>An admin can restore it now: the &apos;Restore now&apos; button, then an admin&apos;s username and PIN.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Pulihkan sekarang</source>
        <translation>Restore now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cadangan ini dibuat sebelum ada pengguna, jadi tidak perlu login. Pulihkan? Berkas basis data sekarang disimpan di folder &apos;replaced&apos;, tidak dihapus.</source>
        <translation>This backup was made before there were any users, so no login is needed. Restore it? The current database file is kept in the &apos;replaced&apos; folder, not deleted.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Cadangan tidak dipulihkan: {error}. Tidak ada berkas yang dihapus (yang sudah diganti ada di folder &apos;replaced&apos;); panggil admin.</source>
        <translation>Backup not restored: {error}. No file was deleted (anything already replaced is in the &apos;replaced&apos; folder); call an admin.</translation>
    </message>
</context>
<context>
    <name>SyncDialogs</name>
    <message>
        <location filename="../../bazaar_pos/ui/sync/dialogs.py" line="-298"/>
        <source>Pilih ekspor kasa lain</source>
        <translation>Choose another till&apos;s exports</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ekspor Bazaar POS (*.zip manifest.json);;Semua file (*)</source>
        <translation>Bazaar POS exports (*.zip manifest.json);;All files (*)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>sejak ekspor terakhir</source>
        <translation>since last export</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lengkap</source>
        <translation>full</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ekspor ke-{sequence} kasa {till} ({kind}): {rows} baris dalam {files} file.</source>
        <translation>Export #{sequence} of till {till} ({kind}): {rows} rows in {files} files.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Ditandatangani kunci kasa ini (ID {till_id}), sidik kunci {fingerprint}: sama dengan yang tercetak di laporan Z.</source>
        <translation>Signed with this till&apos;s key (ID {till_id}), key fingerprint {fingerprint}: the same as printed on the Z report.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Disimpan di: {path}</source>
        <translation>Saved to: {path}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ekspor ke-{sequence} ({rows} baris) disimpan: {path}</source>
        <translation>Export #{sequence} ({rows} rows) saved: {path}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>baru</source>
        <translation>new</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kasa ini</source>
        <translation>this till</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dikenal</source>
        <translation>known</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kasa {till} (ID {till_id}), sidik kunci {fingerprint}: kunci baru, pertama kali dilihat di sini. Cocokkan dengan sidik kunci di laporan Z yang ditandatangani.</source>
        <translation>Till {till} (ID {till_id}), key fingerprint {fingerprint}: new key, first seen here. Compare it with the key fingerprint on the signed Z report.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Kasa {till} (ID {till_id}), sidik kunci {fingerprint}: kunci kasa ini sendiri.</source>
        <translation>Till {till} (ID {till_id}), key fingerprint {fingerprint}: this till&apos;s own key.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kasa {till} (ID {till_id}), sidik kunci {fingerprint}: kunci sudah dikenal dari ekspor sebelumnya.</source>
        <translation>Till {till} (ID {till_id}), key fingerprint {fingerprint}: key known from earlier exports.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Perhatian: kode kasa {till} dipakai oleh lebih dari satu laptop (perangkat {device} dari ekspor ini, dan perangkat {others} yang datanya sudah ada di sini). Semua transaksi tetap disimpan dan dibedakan menurut perangkat.</source>
        <translation>Warning: till code {till} is used by more than one laptop (device {device} of this export, and device {others} whose data is already here). Every transaction is kept, told apart by device.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{count} nomor struk/refund dipakai kedua laptop: sebutkan juga perangkatnya saat mencari struk.</source>
        <translation>{count} receipt/refund numbers are used by both laptops: give the device too when looking a receipt up.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Beri setiap laptop kode kasa sendiri sebelum acara berikutnya.</source>
        <translation>Give each laptop its own till code before the next event.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Kasa {till}, ekspor ke-{sequence} ({kind}) — {path}</source>
        <translation>Till {till}, export #{sequence} ({kind}) — {path}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sudah pernah diimpor: tidak ada yang ditambahkan.</source>
        <translation>Already imported: nothing added.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{added} baris ditambahkan, {present} sudah ada, {updated} diperbarui.</source>
        <translation>Rows added: {added}, already here: {present}, updated: {updated}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Ditambahkan: {files}</source>
        <translation>Added: {files}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Diperbarui: {files}</source>
        <translation>Updated: {files}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Catatan (data di sini dipertahankan):</source>
        <translation>Notes (the data here was kept):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>File tidak bisa dibaca atau ditulis: {path}: {reason}</source>
        <translation>File cannot be read or written: {path}: {reason}</translation>
    </message>
    <message>
        <location line="+190"/>
        <source>Impor data kasa lain</source>
        <translation>Import another till&apos;s data</translation>
    </message>
    <message>
        <location line="-163"/>
        <source>Ekspor data (sejak ekspor terakhir)</source>
        <translation>Export data (since last export)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ekspor data lengkap</source>
        <translation>Export all data</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/users_screen.py" line="-103"/>
        <source>Pengguna baru</source>
        <translation>New user</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ubah pengguna {name}</source>
        <translation>Edit user {name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>mis. siti.aminah</source>
        <translation>e.g. siti.aminah</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Aktif (boleh login)</source>
        <translation>Active (may log in)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>4–8 angka</source>
        <translation>4–8 digits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ketik ulang PIN</source>
        <translation>type the PIN again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nama pengguna</source>
        <translation>Username</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ulangi PIN</source>
        <translation>Repeat PIN</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/user_model.py" line="+25"/>
        <source>Nama pengguna</source>
        <translation>Username</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terkunci sampai</source>
        <translation>Locked until</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN salah</source>
        <translation>Wrong PINs</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN salah berturut-turut; akun dikunci setelah {max}.</source>
        <translation>Wrong PINs in a row; the account is locked after {max}.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nonaktif</source>
        <translation>inactive</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/people/users_screen.py" line="+139"/>
        <source>Pengguna baru</source>
        <translation>New user</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ubah nama/peran</source>
        <translation>Edit name/role</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nonaktifkan</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Aktifkan</source>
        <translation>Activate</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+189"/>
        <source>Reset PIN</source>
        <translation>Reset PIN</translation>
    </message>
    <message>
        <location line="-145"/>
        <source>Belum ada yang login.</source>
        <translation>Nobody is logged in.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Login sebagai {name} (admin).</source>
        <translation>Logged in as {name} (admin).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Login sebagai {name} ({role}): hanya admin yang dapat menambah atau mengubah pengguna.</source>
        <translation>Logged in as {name} ({role}): only an admin can add or change users.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Login dulu untuk mengelola pengguna.</source>
        <translation>Log in first to manage users.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Pengguna {username} ({role}) ditambahkan.</source>
        <translation>User {username} ({role}) added.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pilih pengguna yang akan diubah.</source>
        <translation>Select the user to edit.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pengguna {username} disimpan: {name}, {role}, {status}.</source>
        <translation>User {username} saved: {name}, {role}, {status}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nonaktif</source>
        <translation>inactive</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pilih pengguna dulu.</source>
        <translation>Select a user first.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nonaktifkan pengguna</source>
        <translation>Deactivate user</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nonaktifkan {username} ({name})? Ia tidak bisa login lagi; penjualan dan catatannya tetap.</source>
        <translation>Deactivate {username} ({name})? They can no longer log in; their sales and records are kept.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{username} diaktifkan lagi.</source>
        <translation>{username} is active again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{username} dinonaktifkan: tidak bisa login lagi.</source>
        <translation>{username} deactivated: can no longer log in.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pilih pengguna yang PIN-nya direset.</source>
        <translation>Select the user whose PIN is to be reset.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PIN baru untuk {username} ({name}); kunci karena PIN salah ikut dibuka.</source>
        <translation>New PIN for {username} ({name}); any lock from wrong PINs is lifted too.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{problem}

PIN baru untuk {username}:</source>
        <translation>{problem}

New PIN for {username}:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>PIN {username} direset; beri tahu PIN baru secara langsung.</source>
        <translation>PIN of {username} reset; tell them the new PIN in person.</translation>
    </message>
</context>
<context>
    <name>VarianceModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/variance_model.py" line="+92"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Awal</source>
        <translation>Opening</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Masuk</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Terjual</source>
        <translation>Sold</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retur</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rusak</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Koreksi</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seharusnya</source>
        <translation>Expected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dihitung</source>
        <translation>Counted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih</source>
        <translation>Variance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih Rp</source>
        <translation>Variance Rp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penjualan Rp</source>
        <translation>Sales Rp</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stok saat penghitungan awal diposting</source>
        <translation>Stock when the opening count was posted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barang datang setelah penghitungan awal</source>
        <translation>Goods received after the opening count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dikembalikan ke instansi</source>
        <translation>Returned to the institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rusak atau hilang (dengan alasan)</source>
        <translation>Damaged or lost (with a reason)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Koreksi dari hitung cek selama acara</source>
        <translation>Corrections from spot checks during the event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Awal + Masuk − Terjual + Refund − Retur − Rusak + Koreksi</source>
        <translation>Opening + Received − Sold + Refunded − Returned − Damaged + Correction</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hasil penghitungan akhir, ditambah mutasi yang tercatat sesudah barang itu dihitung (penjualan selama penghitungan bukan selisih)</source>
        <translation>Closing count result, plus the movements recorded after the item was counted (sales during the count are not a variance)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dihitung − Seharusnya; negatif = kurang</source>
        <translation>Counted − Expected; negative = missing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih × harga jual</source>
        <translation>Variance × selling price</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uang penjualan produk ini di acara</source>
        <translation>Money from sales of this product at the event</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>tidak dilacak</source>
        <translation>not tracked</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>belum dihitung</source>
        <translation>not counted</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Stok produk ini tidak dilacak (mis. minuman kafe): hanya penjualan.</source>
        <translation>This product&apos;s stock is not tracked (e.g. café drinks): sales only.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{opening} + {arrivals} − {sold} + {refunded} − {returned} − {damaged} + {adjusted} = {expected}</source>
        <translation>{opening} + {arrivals} − {sold} + {refunded} − {returned} − {damaged} + {adjusted} = {expected}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Belum dihitung pada penghitungan akhir.</source>
        <translation>Not counted in the closing count.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kurang {qty} {unit} ({value}) dari yang seharusnya ada.</source>
        <translation>{qty} {unit} ({value}) short of what should be there.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lebih {qty} {unit} dari yang seharusnya ada.</source>
        <translation>{qty} {unit} more than should be there.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cocok dengan yang seharusnya ada.</source>
        <translation>Matches what should be there.</translation>
    </message>
</context>
<context>
    <name>VarianceScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/variance_screen.py" line="+107"/>
        <source>Penghitungan akhir belum diposting: angka sementara</source>
        <translation>Closing count not posted yet: provisional figures</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cari nama / SKU</source>
        <translation>Search name / SKU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hanya yang selisih/belum dihitung</source>
        <translation>Only variances / not counted</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Muat ulang (F5)</source>
        <translation>Reload (F5)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>belum dihitung</source>
        <translation>not counted</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Total per instansi</source>
        <translation>Totals per institution</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Simpan PDF (A4)</source>
        <translation>Save PDF (A4)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cetak</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ekspor CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Instansi:</source>
        <translation>Institution:</translation>
    </message>
    <message>
        <location line="+63"/>
        <location line="+18"/>
        <location line="+4"/>
        <location line="+191"/>
        <source>Laporan selisih stok</source>
        <translation>Stock variance report</translation>
    </message>
    <message>
        <location line="-211"/>
        <source>Belum ada acara dipilih: pilih acara di Kasir → Pengaturan.</source>
        <translation>No event selected yet: choose an event in Till → Settings.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Belum ada acara dipilih.</source>
        <translation>No event selected yet.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Memuat laporan…</source>
        <translation>Loading the report…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Laporan dimuat: {products} produk, {time}.</source>
        <translation>Report loaded: {products} products, {time}.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Laporan selisih stok — {event}</source>
        <translation>Stock variance report — {event}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Semua instansi</source>
        <translation>All institutions</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Hitung awal</source>
        <translation>Opening count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hitung akhir</source>
        <translation>Closing count</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hitung cek</source>
        <translation>Spot check</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>semua instansi</source>
        <translation>all institutions</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>diposting {time} oleh {who}</source>
        <translation>posted {time} by {who}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, pengawas {who}</source>
        <translation>, supervisor {who}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (yang tidak dihitung = 0)</source>
        <translation> (not counted = 0)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>masih terbuka (mulai {time}, {who})</source>
        <translation>still open (started {time}, {who})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{kind} #{id} ({scope}): {state}</source>
        <translation>{kind} #{id} ({scope}): {state}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Hitung awal: belum ada (semua barang yang datang tercatat di Masuk)</source>
        <translation>Opening count: none yet (all goods received are under Received)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hitung akhir: belum ada (kolom Dihitung masih kosong)</source>
        <translation>Closing count: none yet (the Counted column is still empty)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Total acara: seharusnya {expected} · dihitung {counted} · selisih {variance} · belum dihitung {uncounted} produk · penjualan {sales}</source>
        <translation>Event total: expected {expected} · counted {counted} · variance {variance} · not counted {uncounted} products · sales {sales}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{shown} dari {total} produk</source>
        <translation>{shown} of {total} products</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Tanda tangan laporan</source>
        <translation>Report signatures</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nama petugas yang menghitung:</source>
        <translation>Name of the officer who counted:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nama pengawas (petugas yang mengetahui):</source>
        <translation>Name of the supervisor (the officer acknowledging):</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>PDF tidak dapat disimpan di {path}: {error}</source>
        <translation>The PDF could not be saved to {path}: {error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Belum ada laporan: pilih acara lalu muat ulang.</source>
        <translation>No report yet: choose an event, then reload.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Simpan laporan selisih (PDF)</source>
        <translation>Save variance report (PDF)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Laporan selisih disimpan: {path}</source>
        <translation>Variance report saved: {path}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Ekspor laporan selisih (CSV)</source>
        <translation>Export variance report (CSV)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>CSV tidak dapat disimpan di {path}: {error}</source>
        <translation>The CSV could not be saved to {path}: {error}</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>CSV disimpan: {path}</source>
        <translation>CSV saved: {path}</translation>
    </message>
</context>
<context>
    <name>VarianceTotalsModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/stock/variance_model.py" line="+141"/>
        <source>Instansi</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Produk</source>
        <translation>Products</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seharusnya</source>
        <translation>Expected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dihitung</source>
        <translation>Counted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belum dihitung</source>
        <translation>Not counted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih</source>
        <translation>Variance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selisih Rp</source>
        <translation>Variance Rp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penjualan Rp</source>
        <translation>Sales Rp</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Total acara</source>
        <translation>Event total</translation>
    </message>
</context>
<context>
    <name>WorkshopTableModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/catalog/institutions_screen.py" line="-406"/>
        <source>Bengkel kerja</source>
        <translation>Workshop</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>arsip</source>
        <translation>archived</translation>
    </message>
</context>
</TS>
