package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// Enrolment with a confirmed code; a sign-in then needs the code after the
// password (a ticket between the two opens nothing); a code is used once;
// recovery codes work once each; five wrong codes lock the account like
// five wrong passwords; the security administrator resets it.
func TestTOTPSecondFactor(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		defer func() { db.Now = time.Now }()
		clock := time.Now()
		db.Now = func() time.Time { return clock }
		u, p, _ := accountUser(t, db, "zhaoliu", duban.RoleInspector, "Start-pw-0")
		st, err := db.StartTOTP(ctx, p)
		if err != nil || st.Secret == "" || !strings.HasPrefix(st.Address, "otpauth://totp/") {
			t.Fatalf("start: got %+v, %v", st, err)
		}
		if _, err := db.ConfirmTOTP(ctx, p, "000000"); duban.ErrorCode(err) != duban.Invalid && duban.TOTPCode(st.Secret, clock) != "000000" {
			t.Errorf("confirm with a wrong code: got %v, want Invalid", err)
		}
		codes, err := db.ConfirmTOTP(ctx, p, duban.TOTPCode(st.Secret, clock))
		if err != nil || len(codes) != 10 {
			t.Fatalf("confirm: got %v, %v; want 10 recovery codes", codes, err)
		}
		if _, err := db.StartTOTP(ctx, p); duban.ErrorCode(err) != duban.Conflict {
			t.Errorf("start again while enabled: got %v, want Conflict", err)
		}
		login := func(code string) (string, error) {
			tok, _, err := db.Login(ctx, store.LoginAttempt{Username: "zhaoliu", Password: "Start-pw-0", Kind: "session", IP: "192.0.2.9", Code: code})
			return tok, err
		}
		ticket, err := login("")
		if duban.ErrorCode(err) != duban.TOTPRequired || ticket == "" {
			t.Fatalf("password alone: got %q, %v; want a ticket and TOTPRequired", ticket, err)
		}
		if _, err := db.Authenticate(ctx, ticket); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("the ticket as a token: got %v, want Unauthorized", err)
		}
		if _, _, err := db.LoginSecondFactor(ctx, ticket, duban.TOTPCode(st.Secret, clock), "", ""); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("the code used at enrolment again: got %v, want Unauthorized (a code is used once)", err)
		}
		clock = clock.Add(30 * time.Second)
		tok, _, err := db.LoginSecondFactor(ctx, ticket, duban.TOTPCode(st.Secret, clock), "", "")
		if err != nil {
			t.Fatalf("the next code: %v", err)
		}
		if q, err := db.Authenticate(ctx, tok); err != nil || q.UserID != u.ID {
			t.Fatalf("session after the second factor: got %v, %v", q, err)
		}
		if _, _, err := db.LoginSecondFactor(ctx, ticket, duban.TOTPCode(st.Secret, clock.Add(30*time.Second)), "", ""); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("the ticket again after use: got %v, want Unauthorized", err)
		}
		if _, err := login(duban.TOTPCode(st.Secret, clock)); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("replayed code with the password: got %v, want Unauthorized", err)
		}
		if _, err := login(strings.ToUpper(codes[0])); err != nil {
			t.Errorf("recovery code, in capitals: got %v, want a session", err)
		}
		if _, err := login(codes[0]); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("recovery code twice: got %v, want Unauthorized", err)
		}
		st2, err := db.TOTP(ctx, p)
		if err != nil || !st2.Enabled || st2.Recovery != 9 || st2.Secret != "" {
			t.Errorf("state: got %+v, %v; want enabled, 9 recovery codes left, no secret shown", st2, err)
		}
		ticket, _ = login("")
		for i := range 3 {
			if _, _, err := db.LoginSecondFactor(ctx, ticket, "123456", "", ""); duban.ErrorCode(err) != duban.Unauthorized {
				t.Fatalf("wrong code %d: got %v, want Unauthorized", i+1, err)
			}
		}
		// The recovery code used twice was a failure already (the good
		// recovery code before it cleared the earlier ones): the fifth locks.
		if _, _, err := db.LoginSecondFactor(ctx, ticket, "654321", "", ""); duban.ErrorCode(err) != duban.Locked {
			t.Errorf("wrong codes: got %v, want the account Locked", err)
		}
		if _, _, err := db.LoginSecondFactor(ctx, ticket, duban.TOTPCode(st.Secret, clock.Add(60*time.Second)), "", ""); duban.ErrorCode(err) != duban.Locked {
			t.Errorf("right code while locked: got %v, want Locked", err)
		}
		a := auditCount(t, db)
		if a["auth.totp_failed"] < 5 || a["auth.lock"] != 1 || a["auth.totp_enable"] != 1 || a["auth.recovery_used"] != 1 {
			t.Errorf("audit: got %v", a)
		}
		sec, _, _ := accountUser(t, db, "sec", duban.RoleSecAdmin, "Secadmin-pw-1")
		secP := &duban.Principal{UserID: sec.ID, Username: "sec", Role: duban.RoleSecAdmin}
		if err := db.ResetTOTP(ctx, p, u.ID); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("a user resets it: got %v, want Forbidden", err)
		}
		if err := db.ResetTOTP(ctx, secP, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, tok); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("session after a reset: got %v, want ended", err)
		}
		if err := db.Unlock(ctx, secP, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := login(""); err != nil {
			t.Errorf("password alone after the reset: got %v, want a session", err)
		}
	})
}

// A role that must use a second factor is sent to enrol before anything
// else, and may not turn it off.
func TestTOTPRequiredForRole(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol := db.SessionPolicy()
		pol.TOTPRoles = []duban.Role{duban.RoleAdmin}
		db.SetSessionPolicy(pol)
		_, p, _ := accountUser(t, db, "sysadmin", duban.RoleAdmin, "Admin-pw-1")
		if p.Pending != duban.PendingTOTP || duban.ErrorCode(p.PendingError()) != duban.TOTPEnrolmentRequired {
			t.Fatalf("admin without a second factor: got pending %q, want %q", p.Pending, duban.PendingTOTP)
		}
		_, q, _ := accountUser(t, db, "insp", duban.RoleInspector, "Insp-pw-1")
		if q.Pending != "" {
			t.Errorf("inspector: got pending %q, want none", q.Pending)
		}
		st, err := db.StartTOTP(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ConfirmTOTP(ctx, p, duban.TOTPCode(st.Secret, time.Now())); err != nil {
			t.Fatal(err)
		}
		tok, _, err := db.Login(ctx, store.LoginAttempt{Username: "sysadmin", Password: "Admin-pw-1", Kind: "api", Code: duban.TOTPCode(st.Secret, time.Now().Add(30*time.Second))})
		if err != nil {
			db.Now = func() time.Time { return time.Now().Add(30 * time.Second) }
			tok, _, err = db.Login(ctx, store.LoginAttempt{Username: "sysadmin", Password: "Admin-pw-1", Kind: "api", Code: duban.TOTPCode(st.Secret, time.Now().Add(30*time.Second))})
			db.Now = time.Now
		}
		if err != nil {
			t.Fatalf("login with password and code: %v", err)
		}
		if p, err = db.Authenticate(ctx, tok); err != nil || p.Pending != "" {
			t.Errorf("after enrolling: got pending %q, %v; want none", p.Pending, err)
		}
		if err := db.DisableTOTP(ctx, p, "000000"); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("turn off a required second factor: got %v, want Forbidden", err)
		}
	})
}
