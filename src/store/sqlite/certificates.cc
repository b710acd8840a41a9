#include <fmt/format.h>

#include "store/sqlite/sqlite_store_impl.h"

namespace openscs::store::sqlite {

using Mode = Transaction::Mode;

base::Status SqliteStore::PutCertificate(const CertificateRecord& c) {
  return InTransaction(Mode::kWrite, "certificates", [&]() -> base::Status {
    auto upsert = db_->Prepare(
        "INSERT INTO certificates (id, name, chain_pem, private_key, leaf_cn, root_sha1, root_sha256, root_sha384, "
        "not_before, not_after, imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, chain_pem = excluded.chain_pem, "
        "private_key = excluded.private_key, leaf_cn = excluded.leaf_cn, root_sha1 = excluded.root_sha1, "
        "root_sha256 = excluded.root_sha256, root_sha384 = excluded.root_sha384, not_before = excluded.not_before, "
        "not_after = excluded.not_after, imported = excluded.imported");
    if (!upsert) return upsert.error();
    (*upsert)
        ->BindText(1, c.id)
        .BindText(2, c.name)
        .BindText(3, c.chain_pem)
        .BindBlob(4, c.private_key)
        .BindText(5, c.leaf_cn)
        .BindText(6, c.root_sha1)
        .BindText(7, c.root_sha256)
        .BindText(8, c.root_sha384)
        .BindTime(9, c.not_before)
        .BindTime(10, c.not_after)
        .BindTime(11, c.imported);
    return (*upsert)->Run().WithContext(fmt::format("'{}'", c.id));
  });
}

base::Result<std::vector<CertificateRecord>> SqliteStore::ListCertificates() {
  return InTransaction(Mode::kRead, "certificates", [&]() -> base::Result<std::vector<CertificateRecord>> {
    auto select = db_->Prepare(
        "SELECT id, name, chain_pem, private_key, leaf_cn, root_sha1, root_sha256, root_sha384, not_before, "
        "not_after, imported FROM certificates ORDER BY imported, id");
    if (!select) return select.error();
    return (*select)->ReadAll<CertificateRecord>([](const Statement& r) {
      return CertificateRecord{r.Text(0), r.Text(1), r.Text(2), r.Blob(3), r.Text(4), r.Text(5),
                               r.Text(6), r.Text(7), r.Time(8), r.Time(9), r.Time(10)};
    });
  });
}

base::Status SqliteStore::DeleteCertificate(std::string_view id) {
  return InTransaction(Mode::kWrite, "certificates",
                       [&] { return DeleteRow(*db_, "DELETE FROM certificates WHERE id = ?1", id, "certificate"); });
}

}  // namespace openscs::store::sqlite
