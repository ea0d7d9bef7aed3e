package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"duban/internal/config"
	"duban/internal/duban"
	"duban/internal/store"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUserAddAndAuditVerify(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	c := config.Load(func(string) string { return "" })
	c.Data = dir
	db, err := openStore(ctx, &c)
	if err != nil {
		t.Fatal(err)
	}
	// First start without --demo: an administrator with a printed password.
	var first bytes.Buffer
	if err := firstStart(ctx, db, false, &first); err != nil {
		t.Fatal(err)
	}
	// 三员分立: the three administrators, each with a one-time password.
	for user, role := range map[string]duban.Role{"admin": duban.RoleAdmin, "secadmin": duban.RoleSecAdmin, "auditor": duban.RoleAuditor} {
		m := regexp.MustCompile(` ` + user + `，密码 (\S+)`).FindStringSubmatch(first.String())
		if m == nil {
			t.Fatalf("first start printed %q, want the %s password", first.String(), user)
		}
		_, u, err := db.Login(ctx, store.LoginAttempt{Username: user, Password: m[1], Kind: "api"})
		if err != nil {
			t.Errorf("login %s with the printed password: %v", user, err)
		} else if u.Role != role || !u.MustChangePassword {
			t.Errorf("%s: got role %s, must change %v; want %s, true (a printed password is changed at first sign-in)", user, u.Role, u.MustChangePassword, role)
		}
		if err := duban.DefaultPasswordPolicy().Check(m[1], user); err != nil {
			t.Errorf("first start's password for %s %q breaks the policy: %v", user, m[1], err)
		}
	}
	first.Reset()
	if err := firstStart(ctx, db, false, &first); err != nil || first.Len() != 0 {
		t.Errorf("second start: printed %q, %v; want nothing", first.String(), err)
	}
	db.Close()

	code, out, errOut := run(t, "user", "add", "--data", dir, "--username", "lisi", "--password", "short", "--role", "inspector")
	if code == 0 || !strings.Contains(errOut, "密码至少8位") {
		t.Errorf("weak password: got code %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "user", "add", "--data", dir, "--username", "lisi", "--password", "Long-enough1", "--role", "liaison", "--unit", "不存在的单位")
	if code == 0 || !strings.Contains(errOut, "没有名为") {
		t.Errorf("unknown unit: got code %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "user", "add", "--data", dir, "--username", "wangwu", "--password", "long-enough", "--role", "inspector")
	if code == 0 || !strings.Contains(errOut, "至少3类") {
		t.Errorf("password of two classes: got code %d, stderr %q; want the three-classes rule", code, errOut)
	}
	code, _, errOut = run(t, "user", "add", "--data", dir, "--username", "wangwu", "--password", "Wangwu-2025", "--role", "inspector")
	if code == 0 || !strings.Contains(errOut, "不能包含用户名") {
		t.Errorf("password holding the username: got code %d, stderr %q", code, errOut)
	}
	code, out, errOut = run(t, "user", "add", "--data", dir, "--username", "wangwu", "--password", "Long-enough1", "--role", "inspector")
	if code != 0 || !strings.Contains(out, "wangwu") {
		t.Fatalf("user add: got code %d, out %q, err %q", code, out, errOut)
	}
	code, out, _ = run(t, "audit", "verify", "--data", dir)
	if code != 0 || !strings.Contains(out, "审计链完好") {
		t.Fatalf("audit verify: got code %d, out %q", code, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "audit.key")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("audit key file: got %v, %v; want mode 0600", st, err)
	}
	code, anchor, _ := run(t, "audit", "anchor", "--data", dir)
	if code != 0 || !regexp.MustCompile(`^\d+:[0-9a-f]{64}\n$`).MatchString(anchor) {
		t.Fatalf("audit anchor: got code %d, out %q", code, anchor)
	}
	code, out, _ = run(t, "audit", "verify", "--data", dir, "--anchor", strings.TrimSpace(anchor))
	if code != 0 || !strings.Contains(out, "锚点") {
		t.Errorf("verify against the anchor: got code %d, out %q", code, out)
	}
	os.Rename(filepath.Join(dir, "audit.key"), filepath.Join(dir, "audit.key.away"))
	code, _, errOut = run(t, "audit", "verify", "--data", dir)
	if code == 0 || !strings.Contains(errOut, "缺少审计密钥") {
		t.Errorf("verify without the key: got code %d, stderr %q", code, errOut)
	}
	os.WriteFile(filepath.Join(dir, "audit.key"), []byte("not-the-key-0123456789abcdef"), 0o600)
	code, _, errOut = run(t, "audit", "verify", "--data", dir)
	if code == 0 || !strings.Contains(errOut, "审计密钥不对") {
		t.Errorf("verify with another key: got code %d, stderr %q", code, errOut)
	}
	os.Rename(filepath.Join(dir, "audit.key.away"), filepath.Join(dir, "audit.key"))
	raw, err := sql.Open("sqlite", filepath.Join(dir, "duban.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = run(t, "audit", "verify", "--data", dir)
	if code == 0 || !strings.Contains(errOut, "第 2 条") {
		t.Errorf("tampered chain: got code %d, stderr %q; want non-zero naming event 2", code, errOut)
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"DUBAN_ADDR": "0.0.0.0:9000", "DUBAN_DATA": "/srv/duban"}
	c := config.Load(func(k string) string { return env[k] })
	if c.Addr != "0.0.0.0:9000" || c.DSN() != filepath.Join("/srv/duban", "duban.db") {
		t.Errorf("got %+v dsn %s", c, c.DSN())
	}
	c.DB = "mysql://x"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "DUBAN_DB") {
		t.Errorf("mysql URL: got %v, want an error naming DUBAN_DB", err)
	}
	c.DB, c.Addr = "", "no-port"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "DUBAN_ADDR") {
		t.Errorf("bad addr: got %v, want an error naming DUBAN_ADDR", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errOut := run(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "未知命令") {
		t.Errorf("got %d %q", code, errOut)
	}
}

func TestWorkdays(t *testing.T) {
	dir := t.TempDir() // no database: the published arrangements
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"workdays", "add", "2024-09-27", "1"}, "2024-09-29"}, // Sunday 29 September 2024 was worked
		{[]string{"workdays", "add", "2024-09-30", "1"}, "2024-10-08"}, // over the National Day holiday
		{[]string{"workdays", "add", "2025年1月27日", "1"}, "2025-02-05"},
		{[]string{"workdays", "between", "2024-09-30", "2024-10-08"}, "1"},
		{[]string{"workdays", "between", "2024-09-27", "2024-10-12"}, "7"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, append(c.args, "--data", dir)...)
		if code != 0 || strings.TrimSpace(out) != c.want {
			t.Errorf("%v: got %d %q %q, want %s", c.args, code, out, errOut, c.want)
		}
	}
}

// TestGlobalFlagsFirst: --data and --db may come before the subcommand.
func TestGlobalFlagsFirst(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--data", dir, "workdays", "add", "2024-09-30", "1"},
		{"--data=" + dir, "workdays", "add", "2024-09-30", "1"},
		{"-data", dir, "workdays", "add", "2024-09-30", "1"},
	} {
		code, out, errOut := run(t, args...)
		if code != 0 || strings.TrimSpace(out) != "2024-10-08" {
			t.Errorf("%v: got %d %q %q, want 2024-10-08", args, code, out, errOut)
		}
	}
	if code, _, errOut := run(t, "--data", dir); code != 2 || !strings.Contains(errOut, "用法") {
		t.Errorf("flags without a command: got %d %q, want the usage", code, errOut)
	}
}
