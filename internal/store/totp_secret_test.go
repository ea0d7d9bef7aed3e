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

// TestTOTPSecretEncrypted: the users table holds a second factor's secret
// encrypted (SM4) under a key derived from the audit key, so that a copy
// of the database alone produces no codes: the stored value is not the
// secret and yields no code, and a store over the same data without the
// audit key cannot check a right code. A secret stored in plain text by an
// earlier version is encrypted when the store gets its key, and still works.
func TestTOTPSecretEncrypted(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	run := func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := func(withKey bool) *store.DB {
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if withKey {
				if err := db.SetAuditKey(ctx, key); err != nil {
					t.Fatal(err)
				}
			}
			return db
		}
		db := open(true)
		clock := time.Now()
		db.Now = func() time.Time { return clock }
		u, p, _ := accountUser(t, db, "sunqi", duban.RoleInspector, "Start-pw-0")
		st, err := db.StartTOTP(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ConfirmTOTP(ctx, p, duban.TOTPCode(st.Secret, clock)); err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := db.QueryRowRaw(ctx, `SELECT totp_secret FROM users WHERE username = 'sunqi'`, &stored); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stored, "sm4:") || strings.Contains(stored, st.Secret) {
			t.Fatalf("stored secret: got %q, want sm4:… without the secret %q", stored, st.Secret)
		}
		clock = clock.Add(30 * time.Second)
		code := duban.TOTPCode(st.Secret, clock)
		if _, ok := duban.MatchTOTP(strings.TrimPrefix(stored, "sm4:"), code, clock, 0); ok {
			t.Error("the stored value produces the authenticator's code")
		}
		login := func(db *store.DB, code string) error {
			_, _, err := db.Login(ctx, store.LoginAttempt{Username: "sunqi", Password: "Start-pw-0", Kind: "token", IP: "192.0.2.10", Code: code})
			return err
		}
		// The same data without the audit key: a right code signs no one in.
		bare := open(false)
		bare.Now = func() time.Time { return clock }
		if err := login(bare, code); err == nil {
			t.Error("a store without the audit key signed in with the authenticator's code")
		}
		if err := login(db, code); err != nil {
			t.Fatalf("the store with its key: %v", err)
		}

		// A secret left in plain text (before this version): encrypted once
		// the store has its key, and the codes still work.
		secret, _, err := duban.NewTOTPKey("sunqi")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, `UPDATE users SET totp_secret = ?, totp_last_step = 0 WHERE id = ?`, secret, u.ID); err != nil {
			t.Fatal(err)
		}
		again := open(true)
		clock = clock.Add(30 * time.Second)
		again.Now = func() time.Time { return clock }
		if err := again.QueryRowRaw(ctx, `SELECT totp_secret FROM users WHERE username = 'sunqi'`, &stored); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stored, "sm4:") || strings.Contains(stored, secret) {
			t.Errorf("plain secret after the store got its key: got %q, want it encrypted", stored)
		}
		if err := login(again, duban.TOTPCode(secret, clock)); err != nil {
			t.Errorf("code of the migrated secret: %v", err)
		}
	}
	t.Run("sqlite", func(t *testing.T) { storetest.SQLite(t); run(t, filepath.Join(t.TempDir(), "duban.db")) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("DUBAN_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		run(t, storetest.PostgresSchema(t, dsn, "t"))
	})
}
