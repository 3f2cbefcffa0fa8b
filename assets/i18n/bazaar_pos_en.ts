<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id_ID">
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/cart_model.py" line="+42"/>
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
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Melebihi stok tercatat ({on_hand})</source>
        <translation>More than the recorded stock ({on_hand})</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../bazaar_pos/ui/main_window.py" line="+22"/>
        <source>Bazaar POS — Kasir</source>
        <translation>Bazaar POS — Cashier</translation>
    </message>
    <message>
        <location line="+18"/>
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
        <location line="+9"/>
        <source>Belum ada acara dipilih (Kasir → Pengaturan)</source>
        <translation>No event selected yet (Till → Settings)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kasa {till} · Kasir {cashier}</source>
        <translation>Till {till} · Cashier {cashier}</translation>
    </message>
    <message>
        <location line="+22"/>
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
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../bazaar_pos/ui/messages.py" line="+19"/>
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
        <location line="+4"/>
        <source>Struk &apos;{no}&apos; tidak ditemukan.</source>
        <translation>Receipt &apos;{no}&apos; not found.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Metode pembayaran &apos;{method}&apos; tidak dikenal.</source>
        <translation>Unknown payment method &apos;{method}&apos;.</translation>
    </message>
    <message>
        <location line="+5"/>
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
        <location line="+5"/>
        <source>Terjadi kesalahan: {error}</source>
        <translation>An error occurred: {error}</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <location filename="../../bazaar_pos/ui/payment_panel.py" line="+40"/>
        <source>Pembayaran</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <source>Referensi (opsional)</source>
        <translation>Reference (optional)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no. transaksi QRIS / transfer</source>
        <translation>QRIS / transfer transaction no.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Bayar &amp;&amp; simpan (Enter)</source>
        <translation>Pay &amp;&amp; save (Enter)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kembali (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Total: {total}</source>
        <translation>Total: {total}</translation>
    </message>
    <message>
        <location line="+25"/>
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
        <location line="+4"/>
        <source>Kurang {amount}</source>
        <translation>Short by {amount}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kembalian: {amount}</source>
        <translation>Change: {amount}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../bazaar_pos/ui/printing.py" line="+39"/>
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
        <location line="+39"/>
        <source>Struk {no} gagal dibuat ({error}); cetak ulang nanti dari menu.</source>
        <translation>Receipt {no} could not be created ({error}); reprint it later from the menu.</translation>
    </message>
</context>
<context>
    <name>ProductSearchModel</name>
    <message>
        <location filename="../../bazaar_pos/ui/search_model.py" line="+22"/>
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
    <name>SaleScreen</name>
    <message>
        <location filename="../../bazaar_pos/ui/sale_screen.py" line="+72"/>
        <source>Scan barcode / ketik SKU lalu Enter — atau ketik nama untuk mencari</source>
        <translation>Scan a barcode / type a SKU then Enter — or type a name to search</translation>
    </message>
    <message>
        <location line="+109"/>
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
        <location line="+0"/>
        <source>hapus baris</source>
        <translation>remove line</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+1"/>
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
        <location line="+39"/>
        <source>Tidak ada produk yang cocok dengan &apos;{text}&apos;.</source>
        <translation>No product matches &apos;{text}&apos;.</translation>
    </message>
    <message>
        <location line="+69"/>
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
        <location line="+27"/>
        <source>Pilih baris dulu (↑ ↓).</source>
        <translation>Select a line first (↑ ↓).</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Ubah jumlah</source>
        <translation>Change quantity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jumlah {name}:</source>
        <translation>Quantity of {name}:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Jumlah {name} menjadi {qty}.</source>
        <translation>Quantity of {name} is now {qty}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Baris {name} dihapus.</source>
        <translation>Line {name} removed.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{lines} baris, {items} barang</source>
        <translation>{lines} lines, {items} items</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Keranjang masih kosong: scan produk dulu.</source>
        <translation>The cart is still empty: scan a product first.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Penjualan TIDAK tersimpan (basis data: {error}). Keranjang tetap; coba lagi.</source>
        <translation>Sale NOT saved (database: {error}). The cart is kept; try again.</translation>
    </message>
    <message>
        <location line="+9"/>
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
    <name>SettingsDialog</name>
    <message>
        <location filename="../../bazaar_pos/ui/settings_dialog.py" line="+28"/>
        <source>Pengaturan kasir</source>
        <translation>Till settings</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <location line="+6"/>
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
        <location line="+17"/>
        <source>Kode kasa (mis. BPN1)</source>
        <translation>Till code (e.g. BPN1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nama kasir</source>
        <translation>Cashier name</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <source>Bahasa (setelah buka ulang)</source>
        <translation>Language (after restart)</translation>
    </message>
</context>
</TS>
