// The store's schema as an ordered list of migrations: migration N (1-based) takes a database from
// PRAGMA user_version N-1 to N. Each is SQL text run in one transaction by Database::Open. A
// released migration is never edited; a schema change is a new one (and a note in docs/schema.md).
// Thread safety: constant data.
#ifndef TSUZURI_STORE_SCHEMA_H_
#define TSUZURI_STORE_SCHEMA_H_

namespace tsuzuri {

// PRAGMA application_id of a tsuzuri database ("TSZR"), so that another program's SQLite file is
// not mistaken for one.
inline constexpr int kApplicationId = 0x54535A52;

// How many migrations there are: the latest schema version.
int SchemaMigrationCount();

// The SQL of migration `version` (1..SchemaMigrationCount()); nullptr out of range.
const char* SchemaMigration(int version);

}  // namespace tsuzuri

#endif  // TSUZURI_STORE_SCHEMA_H_
