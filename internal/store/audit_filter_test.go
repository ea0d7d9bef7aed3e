package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// The audit log is filtered by actor, by action or group of actions and by
// days in China time (both ends included), and paged; only the audit
// administrator reads and verifies it, and a verification is itself
// recorded and names what was changed behind duban's back.
func TestAuditFiltersAndVerify(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		defer func() { db.Now = time.Now }()
		at := func(s string) {
			tm, err := time.ParseInLocation("2006-01-02 15:04", s, duban.ChinaTime)
			if err != nil {
				t.Fatal(err)
			}
			db.Now = func() time.Time { return tm }
		}
		at("2026-03-01 00:10") // just after midnight in China, still 28 February in UTC
		unit := &duban.Unit{Name: "陕西省科学技术厅", ShortName: "省科技厅", Kind: duban.UnitDepartment}
		if err := db.CreateUnit(ctx, duban.System, unit); err != nil {
			t.Fatal(err)
		}
		at("2026-03-01 23:50") // the end of 1 March in China (15:50 UTC)
		u := &duban.User{Username: "kjt", Role: duban.RoleLiaison, UnitID: &unit.ID}
		if err := db.CreateUser(ctx, duban.System, u, "Start-pw-0"); err != nil {
			t.Fatal(err)
		}
		at("2026-03-02 08:00")
		kjt := &duban.Principal{UserID: u.ID, Username: "kjt", Role: duban.RoleLiaison, UnitID: unit.ID}
		if err := db.Record(ctx, kjt, "access.denied", "route", 0, map[string]string{"path": "/audit"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Record(ctx, kjt, "export", "plan", 1, map[string]string{"export": "ledger"}); err != nil {
			t.Fatal(err)
		}
		auditor := &duban.Principal{UserID: 999, Username: "auditor", Role: duban.RoleAuditor}
		list := func(f store.AuditFilter) []string {
			t.Helper()
			l, err := db.ListAudit(ctx, auditor, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range l.Items {
				out = append(out, e.Action)
			}
			return out
		}
		day := func(s string) duban.Date { d, _ := duban.ParseDate(s); return d }
		for _, c := range []struct {
			name string
			f    store.AuditFilter
			want string
		}{
			{"by actor", store.AuditFilter{Actor: "kjt"}, "export access.denied"},
			{"by action", store.AuditFilter{Action: "export"}, "export"},
			{"by group", store.AuditFilter{Action: "user"}, "user.create"},
			{"1 March in China, both ends", store.AuditFilter{From: day("2026-03-01"), To: day("2026-03-01")}, "user.create unit.create"},
			{"from 2 March", store.AuditFilter{From: day("2026-03-02")}, "export access.denied"},
			{"up to 28 February", store.AuditFilter{To: day("2026-02-28")}, ""},
			{"actor and day", store.AuditFilter{Actor: "system", From: day("2026-03-02")}, ""},
			{"a group's name is not a prefix of another's", store.AuditFilter{Action: "exp"}, ""},
			{"a group's name is not found inside another's", store.AuditFilter{Action: "denied"}, ""},
			{"a group ends at its dot", store.AuditFilter{Action: "access"}, "access.denied"},
		} {
			if got := strings.Join(list(c.f), " "); got != c.want {
				t.Errorf("%s: got %q, want %q", c.name, got, c.want)
			}
		}
		l, err := db.ListAudit(ctx, auditor, store.AuditFilter{Page: duban.Page{Limit: 2}})
		if err != nil || len(l.Items) != 2 || l.NextCursor == "" {
			t.Fatalf("first page of 2: got %d, cursor %q, %v", len(l.Items), l.NextCursor, err)
		}
		l2, err := db.ListAudit(ctx, auditor, store.AuditFilter{Page: duban.Page{Limit: 2, Cursor: l.NextCursor}})
		if err != nil || len(l2.Items) != 2 || l2.Items[0].Seq != l.Items[1].Seq-1 {
			t.Fatalf("second page: got %v, %v", l2.Items, err)
		}
		if _, err := db.ListAudit(ctx, kjt, store.AuditFilter{}); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("liaison reads the log: got %v, want Forbidden", err)
		}
		if _, err := db.VerifyAuditBy(ctx, kjt, nil); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("liaison verifies: got %v, want Forbidden", err)
		}
		db.Now = time.Now
		rep, err := db.VerifyAuditBy(ctx, auditor, nil)
		if err != nil || !rep.OK || rep.Events != 4 {
			t.Fatalf("verify a sound log: got %+v, %v; want OK over 4 events", rep, err)
		}
		if got := list(store.AuditFilter{Action: "audit.verify"}); len(got) != 1 {
			t.Errorf("the verification is recorded: got %v", got)
		}
		if err := store.ExecForTest(db, `UPDATE units SET name = '篡改后的名称' WHERE id = ?`, unit.ID); err != nil {
			t.Fatal(err)
		}
		rep, err = db.VerifyAuditBy(ctx, auditor, nil)
		if err != nil || rep.OK || rep.Seq != 0 || len(rep.Drifts) != 1 || !strings.Contains(rep.Drifts[0], "units") {
			t.Fatalf("verify after a unit was renamed outside duban: got %+v, %v; want one drift in units", rep, err)
		}
		if err := store.ExecForTest(db, `UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 3`); err != nil {
			t.Fatal(err)
		}
		rep, err = db.VerifyAuditBy(ctx, auditor, nil)
		if err != nil || rep.OK || rep.Seq != 3 || rep.Problem == "" || rep.Events != 2 {
			t.Fatalf("verify after event 3 was edited: got %+v, %v; want broken at 3 after 2 sound", rep, err)
		}
	})
}
