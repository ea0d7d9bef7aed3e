package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// forEachDB runs fn on a fresh SQLite database and, when DUBAN_TEST_POSTGRES
// names a PostgreSQL server, on a fresh schema there too.
func forEachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { storetest.SQLite(t); fn(t, mustOpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		fn(t, mustOpenPostgres(t, dsn))
	})
}

func mustOpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// mustOpenPostgres opens the store on a schema of its own, dropped afterwards.
func mustOpenPostgres(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), storetest.PostgresSchema(t, dsn, "t"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsMatch(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("got %d sqlite and %d postgres migrations, want the same", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, lite[i].Name, pg[i].Name)
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "duban.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	u := &duban.Unit{Name: "陕西省财政厅", ShortName: "省财政厅", Kind: duban.UnitDepartment}
	if err := db.CreateUnit(ctx, duban.System, u); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(ctx, path) // migrations run again and must be a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.FindUnit(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != u.Name || !got.CreatedAt.Equal(u.CreatedAt) {
		t.Errorf("got %s created %v, want %s created %v", got.Name, got.CreatedAt, u.Name, u.CreatedAt)
	}
}

func TestUnitCRUD(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		parent := &duban.Unit{Name: "陕西省人民政府", ShortName: "省政府", Kind: duban.UnitGovernment}
		if err := db.CreateUnit(ctx, duban.System, parent); err != nil {
			t.Fatal(err)
		}
		child := &duban.Unit{Name: "陕西省科学技术厅", ShortName: "省科技厅", Kind: duban.UnitDepartment, ParentID: &parent.ID}
		if err := db.CreateUnit(ctx, duban.System, child); err != nil {
			t.Fatal(err)
		}
		dup := &duban.Unit{Name: "陕西省科学技术厅"}
		if err := db.CreateUnit(ctx, duban.System, dup); duban.ErrorCode(err) != duban.Conflict {
			t.Errorf("duplicate name: got %v, want conflict", err)
		}
		got, err := db.FindUnitByName(ctx, "省科技厅")
		if err != nil || got.ID != child.ID {
			t.Fatalf("find by short name: got %v, %v; want unit %d", got, err, child.ID)
		}
		// A cycle is refused.
		if _, err := db.UpdateUnit(ctx, duban.System, parent.ID, 0, duban.UnitUpdate{ParentID: &child.ID}); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("cycle: got %v, want invalid", err)
		}
		name := "陕西省科技厅"
		up, err := db.UpdateUnit(ctx, duban.System, child.ID, child.Version, duban.UnitUpdate{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.Name != name {
			t.Errorf("got version %d name %s, want 2 %s", up.Version, up.Name, name)
		}
		// The version the first writer read is now stale.
		if _, err := db.UpdateUnit(ctx, duban.System, child.ID, 1, duban.UnitUpdate{Name: &name}); duban.ErrorCode(err) != duban.Stale {
			t.Errorf("stale update: got %v, want stale", err)
		}
		if _, err := db.FindUnit(ctx, 9999); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("missing: got %v, want not found", err)
		}
		list, err := db.ListUnits(ctx, duban.UnitFilter{Page: duban.Page{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != 1 || list.NextCursor == "" {
			t.Fatalf("page 1: got %d items cursor %q, want 1 and a cursor", len(list.Items), list.NextCursor)
		}
		list, err = db.ListUnits(ctx, duban.UnitFilter{Page: duban.Page{Limit: 1, Cursor: list.NextCursor}})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != 1 || list.Items[0].ID != child.ID || list.NextCursor != "" {
			t.Errorf("page 2: got %+v, want the child and no cursor", list)
		}
	})
}
