package cli

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"duban/internal/config"
	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// unitSettings reads a systemd unit's [Service] section as key → values.
func unitSettings(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = line
		case section == "[Service]":
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s: line %q is not key=value", path, line)
			}
			out[k] = append(out[k], v)
		}
	}
	return out
}

func TestSystemdUnitHardening(t *testing.T) {
	path := filepath.Join("..", "..", "deploy", "duban.service")
	s := unitSettings(t, path)
	want := map[string]string{
		"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ReadWritePaths": "/var/lib/duban",
		"PrivateTmp": "yes", "ProtectHome": "yes", "CapabilityBoundingSet": "", "AmbientCapabilities": "",
		"PrivateDevices": "yes", "RestrictSUIDSGID": "yes", "User": "duban", "StateDirectory": "duban",
		"MemoryDenyWriteExecute": "yes", "ProtectKernelTunables": "yes", "RestrictNamespaces": "yes",
	}
	for k, v := range want {
		if got, ok := s[k]; !ok || got[len(got)-1] != v {
			t.Errorf("%s: %s = %q, want %q", path, k, got, v)
		}
	}
	if got := s["ExecStart"]; len(got) != 1 || got[0] != "/usr/local/bin/duban serve" {
		t.Errorf("ExecStart = %q, want the installed binary serving", got)
	}
	if env := strings.Join(s["Environment"], " "); !strings.Contains(env, "DUBAN_DATA=/var/lib/duban") {
		t.Errorf("Environment = %q, want DUBAN_DATA in the writable state folder", env)
	}

	// systemd's own check, where systemd is installed (CI installs it): the
	// unit with ExecStart pointed at a real binary must give no warning.
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not found: the unit's syntax was checked by this test only")
		return
	}
	bin, err := os.Executable() // any executable file will do for verify
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "duban.service")
	os.WriteFile(tmp, bytes.ReplaceAll(b, []byte("/usr/local/bin/duban"), []byte(bin)), 0o644)
	out, err := exec.Command(analyze, "verify", tmp).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

func TestDockerfileRules(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	froms := regexp.MustCompile(`(?m)^FROM\s+(\S+)`).FindAllStringSubmatch(text, -1)
	if len(froms) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a small final stage", len(froms))
	}
	final := froms[len(froms)-1][1]
	if !strings.HasPrefix(final, "gcr.io/distroless/static") && final != "scratch" {
		t.Errorf("final stage FROM %s, want distroless/static or scratch (a static binary needs nothing else)", final)
	}
	last := text[strings.LastIndex(text, "\nFROM "):]
	user := regexp.MustCompile(`(?m)^USER\s+(\S+)`).FindStringSubmatch(last)
	if user == nil || strings.HasPrefix(user[1], "0") || strings.HasPrefix(user[1], "root") {
		t.Errorf("final stage USER %v, want a non-root user", user)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-X duban/internal/cli.version=", "-X duban/internal/cli.commit=", "-X duban/internal/cli.date=", "DUBAN_DATA=/data", `ENTRYPOINT ["/usr/local/bin/duban"]`} {
		if !strings.Contains(text, want) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
	ignore, err := os.ReadFile(filepath.Join("..", "..", ".dockerignore"))
	if err != nil || !strings.Contains(string(ignore), "duban-data") || !strings.Contains(string(ignore), ".git") {
		t.Errorf(".dockerignore must keep the data folder and .git out of the build context: %v %q", err, ignore)
	}
	// The Go version of the build stage must be able to build go.mod.
	mod, _ := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(mod))
	if goLine == nil || !strings.Contains(froms[0][1], "golang:"+goLine[1]) {
		t.Errorf("build stage %s does not match go.mod's go %v", froms[0][1], goLine)
	}
}

func TestVersionAndMigrateDryRun(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != 0 || !regexp.MustCompile(`(?s)^duban \S+\ncommit \S+\nbuilt \S+\n`).MatchString(out) {
		t.Errorf("version: got %d %q", code, out)
	}
	dir := t.TempDir()
	code, out, errOut := run(t, "migrate", "--dry-run", "--data", dir)
	if code != 0 || !strings.Contains(out, "0001  0001_ledger.sql") {
		t.Fatalf("dry run on no database: got %d %q %q, want every migration listed", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "duban.db")); err == nil {
		t.Errorf("dry run created the database")
	}
	if code, _, errOut := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	code, out, _ = run(t, "migrate", "--dry-run", "--data", dir)
	if code != 0 || !strings.Contains(out, "没有要执行的迁移") {
		t.Errorf("dry run after migrating: got %d %q, want nothing pending", code, out)
	}
}

// TestMigrateDryRunPostgres: on an empty PostgreSQL schema the dry run
// lists every migration and creates nothing, not even the migration
// record; after migrating it lists none.
func TestMigrateDryRunPostgres(t *testing.T) {
	pg := os.Getenv("DUBAN_TEST_POSTGRES")
	if pg == "" {
		t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
	}
	dsn := storetest.PostgresSchema(t, pg, "dryrun")
	all, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "migrate", "--dry-run", "--db", dsn, "--data", t.TempDir())
	if code != 0 {
		t.Fatalf("dry run: %d %s", code, errOut)
	}
	for _, m := range all {
		if !strings.Contains(out, fmt.Sprintf("%04d  %s", m.Version, m.Name)) {
			t.Errorf("dry run on an empty schema does not list %s: %q", m.Name, out)
		}
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables int
	if err := db.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("the dry run left %d tables (%v), want none", tables, err)
	}
	if code, _, errOut := run(t, "migrate", "--db", dsn, "--data", t.TempDir()); code != 0 {
		t.Fatalf("migrate: %d %s", code, errOut)
	}
	var applied int
	if err := db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil || applied != len(all) {
		t.Fatalf("after migrate: %d recorded (%v), want %d", applied, err, len(all))
	}
	code, out, _ = run(t, "migrate", "--dry-run", "--db", dsn, "--data", t.TempDir())
	if code != 0 || !strings.Contains(out, "没有要执行的迁移") {
		t.Errorf("dry run after migrating: got %d %q, want nothing pending", code, out)
	}
}

// TestPostgresDumpRestore follows README's PostgreSQL backup recipe: a
// database with the reference case is dumped with pg_dump --format=custom
// --no-owner, restored with pg_restore --no-owner into a new empty
// database, and audit verify passes on the copy (chain and business rows,
// the same number of events), with the same key.
func TestPostgresDumpRestore(t *testing.T) {
	pg := os.Getenv("DUBAN_TEST_POSTGRES")
	if pg == "" {
		t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
	}
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: postgresql-client)", tool)
		}
	}
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	db := func(name string) string {
		if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
		u, err := url.Parse(pg)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		return u.String()
	}
	stamp := time.Now().UnixNano()
	src, dst := db(fmt.Sprintf("duban_dump_%d", stamp)), db(fmt.Sprintf("duban_restored_%d", stamp))
	t.Setenv("DUBAN_AUDIT_KEY", strings.Repeat("5a", 32))
	c := config.Load(func(string) string { return "" })
	c.DB, c.Data = src, t.TempDir()
	ctx := context.Background()
	st, err := openStore(ctx, &c)
	if err != nil {
		t.Fatal(err)
	}
	_, err = demo.Load(ctx, st, duban.DateOf(time.Now().In(duban.ChinaTime)))
	st.Close()
	if err != nil {
		t.Fatalf("load the reference case: %v", err)
	}
	code, want, errOut := run(t, "audit", "verify", "--db", src, "--data", t.TempDir())
	if code != 0 {
		t.Fatalf("verify the original: %d %s", code, errOut)
	}
	dump := filepath.Join(t.TempDir(), "duban.dump")
	for _, cmd := range [][]string{
		{"pg_dump", "--format=custom", "--no-owner", "--file=" + dump, src},
		{"pg_restore", "--no-owner", "--dbname=" + dst, dump},
	} {
		if out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", cmd[0], err, out)
		}
	}
	code, got, errOut := run(t, "audit", "verify", "--db", dst, "--data", t.TempDir())
	if code != 0 || got != want || !strings.Contains(got, "审计链完好") || !strings.Contains(got, "业务数据与最后的审计记录一致") {
		t.Fatalf("verify the restored copy: %d %q %s; want %q", code, got, errOut, want)
	}
	t.Logf("restored copy: %s", strings.TrimSpace(got))
	t.Setenv("DUBAN_AUDIT_KEY", strings.Repeat("a5", 32))
	if code, _, errOut := run(t, "audit", "verify", "--db", dst, "--data", t.TempDir()); code == 0 || !strings.Contains(errOut, "审计密钥不对") {
		t.Errorf("verify with another key: %d %s; want the wrong key named", code, errOut)
	}
}
