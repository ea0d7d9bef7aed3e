package web_test

import (
	"net/http"
	"testing"

	"duban/internal/duban"
)

// TestThreeOfficers: 三员分立. The system administrator manages accounts but
// gives no roles and resets no one's password; the security administrator
// gives roles and resets passwords but edits no profile and creates no
// account; the audit administrator reads the audit log and nothing else;
// none changes another administrator's account or their own role.
func TestThreeOfficers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		e := newDemoEnv(t, db)
		kjt := listAll[duban.User](t, e, "admin", "/api/v1/users?q=kjt")[0]
		auditor := listAll[duban.User](t, e, "admin", "/api/v1/users?role=auditor")[0]
		sec := listAll[duban.User](t, e, "secadmin", "/api/v1/users?role=secadmin")[0]
		u := pathf("/api/v1/users/%d", kjt.ID)
		e.runAll(t, []scenario{
			{name: "system admin creates an ordinary account", user: "admin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"username": "new-inspector", "role": "inspector", "password": "long-enough-1"}, wantStatus: http.StatusCreated},
			{name: "system admin cannot create an administrator", user: "admin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"username": "second-auditor", "role": "auditor", "password": "long-enough-1"}, wantStatus: http.StatusForbidden},
			{name: "security admin cannot create accounts", user: "secadmin", method: "POST", path: "/api/v1/users",
				body: map[string]any{"username": "sec-made", "role": "inspector", "password": "long-enough-1"}, wantStatus: http.StatusForbidden},
			{name: "system admin cannot give roles", user: "admin", method: "PATCH", path: u, body: map[string]any{"role": "lead"}, wantStatus: http.StatusForbidden},
			{name: "system admin cannot reset a password", user: "admin", method: "PATCH", path: u, body: map[string]any{"password": "another-pw-1"}, wantStatus: http.StatusForbidden},
			{name: "system admin edits a profile", user: "admin", method: "PATCH", path: u, body: map[string]any{"phone": "029-1234"}, wantStatus: http.StatusOK},
			{name: "system admin cannot touch the auditor", user: "admin", method: "PATCH", path: pathf("/api/v1/users/%d", auditor.ID), body: map[string]any{"disabled": true}, wantStatus: http.StatusForbidden},
			{name: "security admin cannot edit a profile", user: "secadmin", method: "PATCH", path: u, body: map[string]any{"phone": "029-0000"}, wantStatus: http.StatusForbidden},
			{name: "security admin gives a role", user: "secadmin", method: "PATCH", path: u, body: map[string]any{"role": "leader"}, wantStatus: http.StatusOK},
			{name: "security admin cannot change their own role", user: "secadmin", method: "PATCH", path: pathf("/api/v1/users/%d", sec.ID), body: map[string]any{"role": "admin"}, wantStatus: http.StatusForbidden},
			{name: "auditor reads the audit log", user: "auditor", method: "GET", path: "/api/v1/audit?limit=3", wantStatus: http.StatusOK},
			{name: "auditor reads no users", user: "auditor", method: "GET", path: "/api/v1/users", wantStatus: http.StatusForbidden},
			{name: "auditor reads no plans", user: "auditor", method: "GET", path: pathf("/api/v1/plans/%d", e.planID), wantStatus: http.StatusForbidden},
			{name: "security admin reads no plans", user: "secadmin", method: "GET", path: "/api/v1/plans", wantStatus: http.StatusForbidden},
			{name: "system admin reads no audit log", user: "admin", method: "GET", path: "/api/v1/audit", wantStatus: http.StatusForbidden},
			{name: "security admin reads no audit log", user: "secadmin", method: "GET", path: "/api/v1/audit", wantStatus: http.StatusForbidden},
			{name: "security admin sets no calendar", user: "secadmin", method: "PUT", path: "/api/v1/calendar/2030-01-07", body: map[string]any{"kind": "holiday"}, wantStatus: http.StatusForbidden},
		})
	})
}
