// Package storetest holds what tests of several packages need to run the
// store on PostgreSQL. Only tests import it.
package storetest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgresSchema creates a schema of its own on the server dsn names,
// dropped with everything in it after the test, and returns the URL that
// selects it. prefix starts the schema's name.
func PostgresSchema(t testing.TB, dsn, prefix string) string {
	t.Helper()
	schema := fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", dsn); err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SkipSQLiteEnv names the variable that, when set, skips the SQLite half of
// the tests that run on both databases. CI runs the store's tests under
// the race detector on PostgreSQL and without it on SQLite: the race
// detector instruments the whole SQLite engine (a Go translation of C),
// which made the store's race run most of CI's time, while duban's own
// code it goes through is the PostgreSQL half's too.
const SkipSQLiteEnv = "DUBAN_TEST_SKIP_SQLITE"

// SQLite skips t (the SQLite half of a test on both databases) when
// SkipSQLiteEnv is set.
func SQLite(t testing.TB) {
	t.Helper()
	if os.Getenv(SkipSQLiteEnv) != "" {
		t.Skip(SkipSQLiteEnv + " is set: the SQLite run is skipped")
	}
}
