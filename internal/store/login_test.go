package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// forEachTwin runs fn with two stores on one fresh database, as two
// instances of duban behind a load balancer would have.
func forEachTwin(t *testing.T, fn func(t *testing.T, a, b *store.DB)) {
	t.Helper()
	open := func(t *testing.T, dsn string) *store.DB {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	t.Run("sqlite", func(t *testing.T) {
		storetest.SQLite(t)
		path := filepath.Join(t.TempDir(), "duban.db")
		fn(t, open(t, path), open(t, path))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		schema := storetest.PostgresSchema(t, dsn, "t")
		fn(t, open(t, schema), open(t, schema))
	})
}

func mustCreateUser(t *testing.T, db *store.DB, name, password string) *duban.User {
	t.Helper()
	u := &duban.User{Username: name, Role: duban.RoleInspector}
	if err := db.CreateUser(context.Background(), duban.System, u, password); err != nil {
		t.Fatal(err)
	}
	return u
}

func attempt(name, password string) store.LoginAttempt {
	return store.LoginAttempt{Username: name, Password: password, Kind: "api", IP: "192.0.2.7"}
}

// The lock is kept in the database: failures counted by one instance lock
// the account on the other, the lock ends after LockFor, an administrator
// can lift it, and each lock and unlock is in the audit chain.
func TestLoginLockSharedByInstances(t *testing.T) {
	forEachTwin(t, func(t *testing.T, a, b *store.DB) {
		ctx := context.Background()
		pol := duban.DefaultLoginPolicy()
		pol.MaxFailures, pol.LockFor = 3, time.Minute
		a.SetLoginPolicy(pol)
		b.SetLoginPolicy(pol)
		u := mustCreateUser(t, a, "xsb", "right-password-1")
		for i, db := range []*store.DB{a, b} {
			if _, _, err := db.Login(ctx, attempt("xsb", "wrong")); duban.ErrorCode(err) != duban.Unauthorized {
				t.Fatalf("failure %d: got %v, want Unauthorized", i+1, err)
			}
		}
		_, _, err := a.Login(ctx, attempt("xsb", "wrong"))
		if duban.ErrorCode(err) != duban.Locked || duban.ErrorRetryAfter(err) < 59*time.Second {
			t.Fatalf("third failure: got %v (retry after %v), want Locked for a minute", err, duban.ErrorRetryAfter(err))
		}
		if _, _, err := b.Login(ctx, attempt("xsb", "right-password-1")); duban.ErrorCode(err) != duban.Locked {
			t.Fatalf("right password on the other instance while locked: got %v, want Locked", err)
		}
		later := time.Now().Add(61 * time.Second)
		b.Now = func() time.Time { return later }
		if _, _, err := b.Login(ctx, attempt("xsb", "right-password-1")); err != nil {
			t.Fatalf("after the lock ended: %v", err)
		}
		b.Now = time.Now
		for range 3 {
			a.Login(ctx, attempt("xsb", "wrong"))
		}
		if err := a.Unlock(ctx, &duban.Principal{UserID: u.ID, Username: "xsb", Role: duban.RoleInspector}, u.ID); duban.ErrorCode(err) != duban.Forbidden {
			t.Fatalf("unlock by an inspector: got %v, want Forbidden", err)
		}
		if err := b.Unlock(ctx, duban.System, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Login(ctx, attempt("xsb", "right-password-1")); err != nil {
			t.Fatalf("after unlock: %v", err)
		}
		counts := auditCounts(t, a)
		if counts["auth.lock"] != 2 || counts["auth.unlock"] != 1 || counts["auth.login_failed"] != 6 || counts["auth.login"] != 2 {
			t.Errorf("got audit events %v, want 2 locks, 1 unlock, 6 failed and 2 good logins", counts)
		}
	})
}

// One address that fails too often is refused with TooMany, whatever the
// usernames it tries.
func TestLoginAddressThrottled(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol := duban.DefaultLoginPolicy()
		pol.IPMaxFailures = 4
		db.SetLoginPolicy(pol)
		for i := range 3 {
			if _, _, err := db.Login(ctx, attempt("nobody"+string(rune('a'+i)), "wrong")); duban.ErrorCode(err) != duban.Unauthorized {
				t.Fatalf("failure %d: got %v, want Unauthorized", i+1, err)
			}
		}
		_, _, err := db.Login(ctx, attempt("nobodyz", "wrong"))
		if duban.ErrorCode(err) != duban.TooMany || duban.ErrorRetryAfter(err) <= 0 {
			t.Fatalf("fourth failure from one address: got %v, want TooMany with a wait", err)
		}
		other := attempt("nobodyy", "wrong")
		other.IP = "198.51.100.1"
		if _, _, err := db.Login(ctx, other); duban.ErrorCode(err) != duban.Unauthorized {
			t.Fatalf("another address: got %v, want Unauthorized", err)
		}
		if n := auditCounts(t, db)["auth.lock_address"]; n != 1 {
			t.Errorf("got %d address locks audited, want 1", n)
		}
	})
}

// An unknown username costs a password hash like a known one, so that the
// answer's timing does not tell whether the account exists.
func TestLoginHashesForUnknownUsers(t *testing.T) {
	defer duban.FullPasswordWork()() // the timing compared is the full hash's
	db := mustOpenSQLite(t)
	ctx := context.Background()
	mustCreateUser(t, db, "known", "right-password-1")
	timed := func(name string) time.Duration {
		before := db.PasswordHashes()
		start := time.Now()
		if _, _, err := db.Login(ctx, store.LoginAttempt{Username: name, Password: "wrong", Kind: "api"}); duban.ErrorCode(err) != duban.Unauthorized {
			t.Fatalf("%s: got %v, want Unauthorized", name, err)
		}
		if got := db.PasswordHashes() - before; got != 1 {
			t.Errorf("login as %s: got %d password hashes, want 1", name, got)
		}
		return time.Since(start)
	}
	timed("unknown-0") // the dummy hash is made on first use
	known, unknown := timed("known"), timed("unknown-1")
	if unknown < known/3 {
		t.Errorf("an unknown username took %v, a known one %v: the timing tells them apart", unknown, known)
	}
}

// Input no account can have is refused before the database.
func TestLoginInputBounded(t *testing.T) {
	db := mustOpenSQLite(t)
	ctx := context.Background()
	for _, name := range []string{string(make([]byte, 65)), "a\x00b", "中" + string(make([]rune, 64))} {
		if _, _, err := db.Login(ctx, attempt(name, "x")); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("username of %d bytes: got %v, want Invalid", len(name), err)
		}
	}
	if n := len(auditCounts(t, db)); n != 0 {
		t.Errorf("got audit events %v for refused input, want none", auditCounts(t, db))
	}
}

func auditCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	cursor := ""
	for {
		l, err := db.ListAudit(context.Background(), duban.System, store.AuditFilter{Page: duban.Page{Cursor: cursor, Limit: 200}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range l.Items {
			out[e.Action]++
		}
		if l.NextCursor == "" {
			return out
		}
		cursor = l.NextCursor
	}
}

// Creating an account hashes its password through the same hashers as a
// sign-in: with every hasher busy it waits, then is refused with TooMany
// and creates nothing; once one is free it goes through.
func TestCreateUserWaitsForAHasher(t *testing.T) {
	defer duban.FullPasswordWork()() // a full hash lasts long enough to be waited for
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol := duban.DefaultLoginPolicy()
		pol.Hashers, pol.HashWait = 1, 50*time.Millisecond
		db.SetLoginPolicy(pol)
		before := db.PasswordHashes()
		done := make(chan error, 1)
		go func() {
			_, _, err := db.Login(ctx, attempt("nobody", "wrong-password"))
			done <- err
		}()
		for db.PasswordHashes() == before {
			time.Sleep(time.Millisecond)
		}
		u := &duban.User{Username: "waits", Role: duban.RoleInspector}
		err := db.CreateUser(ctx, duban.System, u, "a-long-password-1")
		if duban.ErrorCode(err) != duban.TooMany || !strings.Contains(err.Error(), "同时创建账号的请求过多") {
			t.Fatalf("create while the one hasher is busy: got %v, want TooMany naming account creation", err)
		}
		if err := <-done; duban.ErrorCode(err) != duban.Unauthorized {
			t.Fatalf("login: got %v, want Unauthorized", err)
		}
		l, err := db.ListUsers(ctx, duban.System, duban.UserFilter{Role: duban.RoleInspector})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Items) != 0 {
			t.Fatalf("the refused account was created: %+v", l.Items)
		}
		hashes := db.PasswordHashes()
		if err := db.CreateUser(ctx, duban.System, u, "a-long-password-1"); err != nil {
			t.Fatalf("create with the hasher free: %v", err)
		}
		if got := db.PasswordHashes() - hashes; got != 1 {
			t.Errorf("creating an account took %d hashes through the hashers, want 1", got)
		}
	})
}
