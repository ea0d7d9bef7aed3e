package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// TestHeldUploads: a file held for a preview comes back to its uploader,
// byte for byte, under its token; another user's token, an unknown one and
// one older than an hour are refused with a message asking for the file
// again; a user holds three at most (the oldest let go); a dropped one is
// gone.
func TestHeldUploads(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		f := mustFixture(t, db)
		ctx := context.Background()
		file := bytes.Repeat([]byte{0, 1, 2, 0xff, 'P', 'K'}, 50_000)
		tok, err := db.HoldUpload(ctx, f.lead, "台账.xlsx", file)
		if err != nil {
			t.Fatal(err)
		}
		name, got, err := db.HeldUpload(ctx, f.lead, tok)
		if err != nil || name != "台账.xlsx" || !bytes.Equal(got, file) {
			t.Fatalf("held upload: %q, %d bytes (equal %v), %v", name, len(got), bytes.Equal(got, file), err)
		}
		for who, p := range map[string]*duban.Principal{"another user": f.liaison, "nobody": {}} {
			if _, _, err := db.HeldUpload(ctx, p, tok); duban.ErrorCode(err) != duban.Invalid {
				t.Errorf("%s read the lead's upload: %v", who, err)
			}
		}
		if _, _, err := db.HeldUpload(ctx, f.lead, "0123456789abcdef0123456789abcdef"); duban.ErrorCode(err) != duban.Invalid || duban.ErrorMessage(err) == "" {
			t.Errorf("an unknown token: %v", err)
		}

		// Three more: the first is let go.
		var toks []string
		for i := range 3 {
			tk, err := db.HoldUpload(ctx, f.lead, "x.xlsx", []byte{byte(i)})
			if err != nil {
				t.Fatal(err)
			}
			toks = append(toks, tk)
		}
		if _, _, err := db.HeldUpload(ctx, f.lead, tok); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("a fourth upload kept the first: %v", err)
		}
		for i, tk := range toks {
			if _, b, err := db.HeldUpload(ctx, f.lead, tk); err != nil || len(b) != 1 || b[0] != byte(i) {
				t.Errorf("upload %d: %v %v", i, b, err)
			}
		}
		if err := db.DropUpload(ctx, f.lead, toks[0]); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.HeldUpload(ctx, f.lead, toks[0]); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("a dropped upload: %v", err)
		}

		// An hour later nothing is held; the next upload clears them away.
		defer func() { db.Now = time.Now }()
		db.Now = func() time.Time { return time.Now().Add(store.HeldFor + time.Minute) }
		if _, _, err := db.HeldUpload(ctx, f.lead, toks[1]); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("an upload an hour old: %v", err)
		}
		if _, err := db.HoldUpload(ctx, f.liaison, "y.xlsx", []byte("y")); err != nil {
			t.Fatal(err)
		}
		db.Now = time.Now
		if _, _, err := db.HeldUpload(ctx, f.lead, toks[2]); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("an upload an hour old was not cleared away by the next one: %v", err)
		}
		if _, err := db.HoldUpload(ctx, &duban.Principal{}, "z.xlsx", []byte("z")); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("an upload without a user: %v", err)
		}
	})
}
