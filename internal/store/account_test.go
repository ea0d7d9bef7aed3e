package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// accountUser creates an account as duban itself does (no forced change)
// and signs it in, returning its principal as Authenticate gives it.
func accountUser(t *testing.T, db *store.DB, name string, role duban.Role, pw string) (*duban.User, *duban.Principal, string) {
	t.Helper()
	u := &duban.User{Username: name, Role: role}
	if err := db.CreateUser(context.Background(), duban.System, u, pw); err != nil {
		t.Fatal(err)
	}
	p, tok := signIn(t, db, name, pw, "session")
	return u, p, tok
}

func signIn(t *testing.T, db *store.DB, name, pw, kind string) (*duban.Principal, string) {
	t.Helper()
	tok, _, err := db.Login(context.Background(), store.LoginAttempt{Username: name, Password: pw, Kind: kind, IP: "192.0.2.7", UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140"})
	if err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	p, err := db.Authenticate(context.Background(), tok)
	if err != nil {
		t.Fatalf("authenticate %s: %v", name, err)
	}
	return p, tok
}

// Changing one's own password: the current password is required, the new
// one must meet the policy and may not be any of the last five; the other
// sessions end and this one stays.
func TestChangePasswordPolicyAndHistory(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, p, tok := accountUser(t, db, "zhangsan", duban.RoleInspector, "Start-pw-0")
		_, other := signIn(t, db, "zhangsan", "Start-pw-0", "api")
		for _, c := range []struct{ name, current, pw, field, want string }{
			{"wrong current password", "Wrong-pw-0", "Fresh-pw-1", "current_password", "当前密码不正确"},
			{"too weak", "Start-pw-0", "weakpass", "password", "至少3类"},
			{"holds the username", "Start-pw-0", "Zhangsan-1", "password", "不能包含用户名"},
			{"the current password again", "Start-pw-0", "Start-pw-0", "password", "最近5次"},
		} {
			err := db.ChangePassword(ctx, p, c.current, c.pw)
			if duban.ErrorCode(err) != duban.Invalid || !strings.Contains(duban.ErrorFields(err)[c.field], c.want) {
				t.Errorf("%s: got %v, want Invalid with %q on %s", c.name, err, c.want, c.field)
			}
		}
		pws := []string{"Start-pw-0", "Second-pw-1", "Third-pw-2", "Fourth-pw-3", "Fifth-pw-4", "Sixth-pw-5"}
		for i := 1; i < len(pws); i++ {
			if err := db.ChangePassword(ctx, p, pws[i-1], pws[i]); err != nil {
				t.Fatalf("change %d: %v", i, err)
			}
		}
		if _, err := db.Authenticate(ctx, other); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("other session after a change: got %v, want Unauthorized (ended)", err)
		}
		if _, err := db.Authenticate(ctx, tok); err != nil {
			t.Errorf("the session that changed the password: got %v, want it kept", err)
		}
		// The last five are Second…Sixth: the oldest and the newest but
		// one of them are refused, Start is allowed again.
		for _, old := range []string{pws[1], pws[4]} {
			if err := db.ChangePassword(ctx, p, "Sixth-pw-5", old); duban.ErrorCode(err) != duban.Invalid {
				t.Errorf("reuse %s: got %v, want Invalid", old, err)
			}
		}
		if err := db.ChangePassword(ctx, p, "Sixth-pw-5", "Start-pw-0"); err != nil {
			t.Errorf("a password six changes old: got %v, want it allowed", err)
		}
		var n int
		if err := store.QueryRowForTest(db, `SELECT count(*) FROM password_history WHERE user_id = ?`, p.UserID).Scan(&n); err != nil || n != 5 {
			t.Errorf("history rows: got %d, %v; want 5 kept", n, err)
		}
	})
}

// An account the system administrator creates, and one whose password
// the security administrator resets, must change it before anything else;
// so must one whose password is older than the policy allows.
func TestForcedPasswordChange(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin, _, _ := accountUser(t, db, "sysadmin", duban.RoleAdmin, "Admin-pw-1")
		sec, _, _ := accountUser(t, db, "sec", duban.RoleSecAdmin, "Secadmin-pw-1")
		adminP := &duban.Principal{UserID: admin.ID, Username: admin.Username, Role: duban.RoleAdmin}
		secP := &duban.Principal{UserID: sec.ID, Username: sec.Username, Role: duban.RoleSecAdmin}
		u := &duban.User{Username: "lisi", Role: duban.RoleInspector}
		if err := db.CreateUser(ctx, adminP, u, "weakpass"); duban.ErrorCode(err) != duban.Invalid {
			t.Fatalf("admin creates with a weak password: got %v, want Invalid", err)
		}
		if err := db.CreateUser(ctx, adminP, u, "Given-pw-1"); err != nil {
			t.Fatal(err)
		}
		p, _ := signIn(t, db, "lisi", "Given-pw-1", "api")
		if p.Pending != duban.PendingInitial || duban.ErrorCode(p.PendingError()) != duban.PasswordChangeRequired {
			t.Fatalf("first sign-in: got pending %q, want %q", p.Pending, duban.PendingInitial)
		}
		if err := db.ChangePassword(ctx, p, "Given-pw-1", "Own-pw-22"); err != nil {
			t.Fatal(err)
		}
		if p, _ = signIn(t, db, "lisi", "Own-pw-22", "api"); p.Pending != "" {
			t.Fatalf("after the change: got pending %q, want none", p.Pending)
		}
		reset := "Reset-pw-3"
		if _, err := db.UpdateUser(ctx, secP, u.ID, 0, duban.UserUpdate{Password: &reset}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, mustToken(t, db, "lisi", "Own-pw-22")); err == nil {
			t.Error("old password after a reset: got a session, want refused")
		}
		if p, _ = signIn(t, db, "lisi", reset, "session"); p.Pending != duban.PendingReset || !strings.Contains(duban.ErrorMessage(p.PendingError()), "重置") {
			t.Fatalf("after a reset: got pending %q, want %q", p.Pending, duban.PendingReset)
		}
		weak := "resetpass"
		if _, err := db.UpdateUser(ctx, secP, u.ID, 0, duban.UserUpdate{Password: &weak}); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("reset to a weak password: got %v, want Invalid", err)
		}
		if err := db.ChangePassword(ctx, p, reset, "Own-pw-44"); err != nil {
			t.Fatal(err)
		}
		pol := db.PasswordPolicy()
		pol.MaxAge = 90 * 24 * time.Hour
		db.SetPasswordPolicy(pol)
		defer func() { db.Now = time.Now }()
		db.Now = func() time.Time { return time.Now().Add(91 * 24 * time.Hour) }
		if p, _ = signIn(t, db, "lisi", "Own-pw-44", "api"); p.Pending != duban.PendingExpired || !strings.Contains(duban.ErrorMessage(p.PendingError()), "过期") {
			t.Fatalf("after 91 days: got pending %q, want %q", p.Pending, duban.PendingExpired)
		}
		if err := db.ChangePassword(ctx, p, "Own-pw-44", "Own-pw-55"); err != nil {
			t.Fatal(err)
		}
		if p, _ = signIn(t, db, "lisi", "Own-pw-55", "api"); p.Pending != "" {
			t.Errorf("after changing the expired password: got pending %q, want none", p.Pending)
		}
		a := auditCount(t, db)
		if a["auth.password_change"] != 3 || a["auth.password_reset"] != 1 {
			t.Errorf("got audit %v, want 3 changes and 1 reset", a)
		}
	})
}

func mustToken(t *testing.T, db *store.DB, name, pw string) string {
	t.Helper()
	tok, _, _ := db.Login(context.Background(), store.LoginAttempt{Username: name, Password: pw, Kind: "api"})
	return tok
}

func auditCount(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	l, err := db.ListAudit(context.Background(), duban.System, store.AuditFilter{Page: duban.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range l.Items {
		out[e.Action]++
	}
	return out
}

// A web session ends after 30 idle minutes; an API token keeps its
// lifetime of 12 hours; both end at their lifetime. One's own sessions are
// listed with device and address, and ending one ends it at once.
func TestSessionsIdleAndRevoke(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, web, webTok := accountUser(t, db, "wangwu", duban.RoleInspector, "Start-pw-0")
		api, apiTok := signIn(t, db, "wangwu", "Start-pw-0", "api")
		_, other, _ := accountUser(t, db, "zhaoliu", duban.RoleInspector, "Start-pw-0")
		list, err := db.ListSessions(ctx, web)
		if err != nil || len(list) != 2 {
			t.Fatalf("sessions: got %v, %v; want 2", list, err)
		}
		var current int
		for _, s := range list {
			if s.IP != "192.0.2.7" || !strings.Contains(s.UserAgent, "Chrome") {
				t.Errorf("session %d: got ip %q, agent %q", s.ID, s.IP, s.UserAgent)
			}
			if s.Current {
				current++
				if s.ID != web.SessionID || s.Kind != "session" {
					t.Errorf("current session: got %+v, want the web one", s)
				}
			}
		}
		if current != 1 {
			t.Errorf("got %d sessions marked current, want 1", current)
		}
		if err := db.RevokeSession(ctx, other, api.SessionID); duban.ErrorCode(err) != duban.NotFound {
			t.Errorf("another user ends my session: got %v, want NotFound", err)
		}
		defer func() { db.Now = time.Now }()
		db.Now = func() time.Time { return time.Now().Add(29 * time.Minute) }
		if _, err := db.Authenticate(ctx, webTok); err != nil {
			t.Fatalf("web session after 29 minutes: %v", err)
		}
		db.Now = func() time.Time { return time.Now().Add(29*time.Minute + 29*time.Minute) }
		if _, err := db.Authenticate(ctx, webTok); err != nil {
			t.Errorf("web session used at 29 minutes, asked at 58: got %v, want alive (idle counts from the last use)", err)
		}
		db.Now = func() time.Time { return time.Now().Add(58*time.Minute + 31*time.Minute) }
		if _, err := db.Authenticate(ctx, webTok); duban.ErrorCode(err) != duban.Unauthorized || !strings.Contains(duban.ErrorMessage(err), "30分钟") {
			t.Errorf("web session idle 31 minutes: got %v, want Unauthorized naming 30分钟", err)
		}
		if _, err := db.Authenticate(ctx, apiTok); err != nil {
			t.Errorf("API token idle 89 minutes: got %v, want it alive", err)
		}
		db.Now = func() time.Time { return time.Now().Add(12*time.Hour + time.Minute) }
		if _, err := db.Authenticate(ctx, apiTok); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("API token after 12 hours: got %v, want Unauthorized", err)
		}
		db.Now = time.Now
		api2, apiTok2 := signIn(t, db, "wangwu", "Start-pw-0", "api")
		if err := db.RevokeSession(ctx, web, api2.SessionID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, apiTok2); duban.ErrorCode(err) != duban.Unauthorized {
			t.Errorf("revoked token: got %v, want Unauthorized at once", err)
		}
		if auditCount(t, db)["auth.session_revoke"] != 1 {
			t.Error("revoking a session: want one audit event")
		}
	})
}

// Noting that a session is in use never holds a request up behind a long
// write (SQLite has one writer connection): Authenticate answers at once.
func TestAuthenticateNotHeldByAWrite(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		_, _, tok := accountUser(t, db, "wangwu", duban.RoleInspector, "Start-pw-0")
		defer func() { db.Now = time.Now }()
		later := time.Now().Add(2 * time.Minute) // past touchEvery: this request notes its use
		db.Now = func() time.Time { return later }
		started, done := make(chan struct{}), make(chan error, 1)
		go func() {
			done <- store.HoldWriteForTest(db, started, 3*time.Second)
		}()
		<-started
		t0 := time.Now()
		if _, err := db.Authenticate(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(t0); d > 1500*time.Millisecond {
			t.Errorf("authenticate during a 3 s write: took %v, want well under the write", d)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// A token found valid is taken on trust for at most a second, and not past
// any write of the same server: a role changed or an account disabled here
// counts at the next request, and one changed by another server on the
// same database (or behind duban's back) within the second.
func TestAuthenticateSeesChanges(t *testing.T) {
	forEachTwin(t, func(t *testing.T, a, b *store.DB) {
		ctx := context.Background()
		u, p, tok := accountUser(t, a, "wangwu", duban.RoleInspector, "Start-pw-0")
		if p.Role != duban.RoleInspector {
			t.Fatalf("role: got %s, want inspector", p.Role)
		}
		// Requests in quick succession read the token once.
		reads := a.AuthReads()
		for range 50 {
			if _, err := a.Authenticate(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		if n := a.AuthReads() - reads; n > 1 {
			t.Errorf("50 requests with one token within a second: read it %d times, want at most once", n)
		}
		// Changed on this server: seen at once.
		admin := duban.RoleAdmin
		if _, err := a.UpdateUser(ctx, duban.System, u.ID, 0, duban.UserUpdate{Role: &admin}); err != nil {
			t.Fatal(err)
		}
		if p, err := a.Authenticate(ctx, tok); err != nil || p.Role != duban.RoleAdmin {
			t.Fatalf("after a role change on the same server: got %+v, %v; want the administrator's role at once", p, err)
		}
		// Changed on another server: seen within a second.
		inspector := duban.RoleInspector
		if _, err := b.UpdateUser(ctx, duban.System, u.ID, 0, duban.UserUpdate{Role: &inspector}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1100 * time.Millisecond)
		if p, err := a.Authenticate(ctx, tok); err != nil || p.Role != duban.RoleInspector {
			t.Fatalf("a second after a role change on another server: got %+v, %v; want the inspector's role again", p, err)
		}
		// Disabled on another server (its sessions deleted): refused
		// within a second.
		yes := true
		if _, err := b.UpdateUser(ctx, duban.System, u.ID, 0, duban.UserUpdate{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1100 * time.Millisecond)
		if _, err := a.Authenticate(ctx, tok); duban.ErrorCode(err) != duban.Unauthorized {
			t.Fatalf("a second after the account was disabled on another server: got %v, want Unauthorized", err)
		}

		// Signed out on this server: refused at once, and so is a token
		// deleted behind duban's back once any write of this server ran.
		_, _, tok2 := accountUser(t, a, "zhaoliu", duban.RoleInspector, "Start-pw-0")
		p2, tok3 := signIn(t, a, "zhaoliu", "Start-pw-0", "api")
		if err := a.Logout(ctx, p2, tok3); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Authenticate(ctx, tok3); duban.ErrorCode(err) != duban.Unauthorized {
			t.Fatalf("signed out on this server: got %v, want Unauthorized at once", err)
		}
		if _, err := a.Authenticate(ctx, tok2); err != nil {
			t.Fatal(err)
		}
		if err := a.ExecRaw(ctx, `DELETE FROM tokens WHERE user_id = (SELECT id FROM users WHERE username = 'zhaoliu')`); err != nil {
			t.Fatal(err)
		}
		if err := a.CreateUnit(ctx, duban.System, &duban.Unit{Name: "陕西省审计厅", ShortName: "省审计厅", Kind: duban.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Authenticate(ctx, tok2); duban.ErrorCode(err) != duban.Unauthorized {
			t.Fatalf("token deleted, then a write on this server: got %v, want Unauthorized", err)
		}
	})
}
