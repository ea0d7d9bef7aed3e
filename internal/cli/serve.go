package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"duban/internal/config"
	"duban/internal/demo"
	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/jobs"
	"duban/internal/metrics"
	"duban/internal/sso"
	"duban/internal/store"
	"duban/internal/web"
)

// serveMemoryLimit is the server's soft Go heap limit (GOMEMLIMIT when set).
// The resident set is this plus what lies outside the Go heap: the
// binary's pages (25–27 MB) and SQLite's own allocations (page caches,
// full-text doclists; 10–20 MB under load). At 120 MiB a national plan's
// load test peaked at 159–165 MB; at 96 MiB at 146, as fast.
const serveMemoryLimit = 96 << 20

// serveGCPercent is the collector's target growth of the heap over what is
// live (GOGC) when GOGC is not set.
const serveGCPercent = 300

// runServe opens the store (migrating it), loads the demo or creates the
// first administrator, and serves until ctx ends, then drains.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c := dbFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "监听地址 (DUBAN_ADDR)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "日志格式：text 或 json (DUBAN_LOG_FORMAT)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "只提供 /metrics 的独立监听地址，如 127.0.0.1:9090 (DUBAN_METRICS_ADDR)")
	withDemo := fs.Bool("demo", false, "在空数据库中载入演示案例")
	c.SecurityFlags(fs)
	shutdownWait := fs.Duration("shutdown-timeout", envDuration("DUBAN_SHUTDOWN_TIMEOUT", 60*time.Second), "停止时等待进行中的请求（如大文件导入）完成的最长时间 (DUBAN_SHUTDOWN_TIMEOUT)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := newLogger(c.LogFormat, stderr)
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit on the Go heap keeps the resident set near what is
		// live: a sign-in's password hash (argon2id) takes 64 MiB for a
		// moment, and without a limit the runtime lets the heap grow to
		// twice what is live before it collects and only slowly gives
		// pages back. GOMEMLIMIT overrides it.
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		// What stays live is small (about 15 MiB on a national plan: the
		// templates, caches and pools), so at the default of 100 the
		// collector ran after every 15 MiB of answers, a sixth of the CPU
		// under load; the soft limit above still bounds the heap. GOGC
		// overrides it.
		debug.SetGCPercent(serveGCPercent)
	}
	db, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.MarkServing(); err != nil {
		return err
	}
	db.SetLoginPolicy(c.Security.Login)
	db.SetPasswordPolicy(c.Security.Passwords)
	db.SetSessionPolicy(c.Security.Sessions)
	if err := firstStart(ctx, db, *withDemo, stdout); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	smtp, err := jobs.SMTPFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	m := metrics.New()
	m.WatchStore(db)
	fileStore, err := openFiles(ctx, c)
	if err != nil {
		return err
	}
	runner := &jobs.Runner{DB: db, Now: time.Now, Instance: fmt.Sprintf("%s-%d", host, os.Getpid()), SMTP: smtp, Log: log, Metrics: m, Files: fileStore}
	bg, stopBG := context.WithCancel(context.Background())
	defer func() { stopBG(); runner.Wait() }()
	runner.Start(bg)
	w := web.New(db, log)
	w.SetOptions(web.Options{TrustedProxies: c.Security.TrustedProxies, CookieSecure: c.Security.CookieSecure})
	w.SetFiles(fileStore)
	w.SetJobs(func(ctx context.Context, at time.Time) (any, error) { return runner.PassAt(ctx, at) })
	w.SetMetrics(m, c.MetricsToken)
	if err := setSSO(ctx, w, c); err != nil {
		return err
	}
	if c.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(c.MetricsAddr, m, log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	srv := &http.Server{Handler: w.Handler(), ReadHeaderTimeout: 10 * time.Second}
	log.Info("duban serving", "addr", "http://"+ln.Addr().String(), "db", string(db.Dialect()))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), *shutdownWait)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// firstStart loads the demo into an empty database when asked. Then, on
// any database, it makes sure the three administrators exist (三员分立:
// admin 系统管理员, secadmin 安全管理员, auditor 审计管理员): each one
// missing, on a first start or on a database from before the split, is
// created with a random password printed this once.
func firstStart(ctx context.Context, db *store.DB, withDemo bool, stdout io.Writer) error {
	if withDemo {
		empty, err := demo.Empty(ctx, db)
		if err != nil {
			return err
		}
		if empty {
			res, err := demo.Load(ctx, db, duban.DateOf(time.Now().In(duban.ChinaTime)))
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "已载入演示案例：方案 %d，%d 个单位，%d 项举措，%d 个分办事项，%d 条进展报送。\n演示账号：\n",
				res.PlanID, res.Units, res.Tasks, res.Assignments, res.Reports)
			for _, a := range append(demo.Accounts, demo.ProjectAccounts...) {
				fmt.Fprintf(stdout, "  %-11s 密码 %-14s %s\n", a.Username, a.Password, duban.RoleNames[a.Role]+" "+a.Unit)
			}
			return nil
		}
	}
	for _, role := range []duban.Role{duban.RoleAdmin, duban.RoleSecAdmin, duban.RoleAuditor} {
		if err := ensureOfficer(ctx, db, role, stdout); err != nil {
			return err
		}
	}
	return nil
}

// officerNames are the usernames first start gives the three administrators.
var officerNames = map[duban.Role]string{duban.RoleAdmin: "admin", duban.RoleSecAdmin: "secadmin", duban.RoleAuditor: "auditor"}

// ensureOfficer creates the account of an administrator role that no
// account holds, and prints its one-time password.
func ensureOfficer(ctx context.Context, db *store.DB, role duban.Role, stdout io.Writer) error {
	l, err := db.ListUsers(ctx, duban.System, duban.UserFilter{Role: role, Page: duban.Page{Limit: 1}})
	if err != nil || len(l.Items) > 0 {
		return err
	}
	pw := duban.GeneratePassword()
	u := &duban.User{Username: officerNames[role], DisplayName: duban.RoleNames[role], Role: role, MustChangePassword: true}
	if err := db.CreateUser(ctx, duban.System, u, pw); err != nil {
		return fmt.Errorf("create %s: %w", u.Username, err)
	}
	fmt.Fprintf(stdout, "首次启动：已创建%s账号 %s，密码 %s （只显示这一次，首次登录须修改）\n", duban.RoleNames[role], u.Username, pw)
	return nil
}

// newLogger writes structured logs to w: logfmt-like text, or one JSON
// object per line for log collectors.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// serveMetrics serves GET /metrics alone on addr (a private address: no
// token is asked there) and returns the function that stops it.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	log.Info("metrics serving", "addr", "http://"+ln.Addr().String()+"/metrics")
	return func() { srv.Close() }, nil
}

// setSSO discovers the OpenID Connect provider when one is configured.
func setSSO(ctx context.Context, w *web.Server, c *config.Config) error {
	sc := sso.Config{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
		RedirectURL: c.OIDCRedirectURL, Claim: c.OIDCClaim, Label: c.OIDCLabel}
	if !sc.Enabled() {
		return nil
	}
	if err := sc.Validate(); err != nil {
		return err
	}
	p, err := sso.New(ctx, sc)
	if err != nil {
		return err
	}
	w.SetSSO(p)
	return nil
}

// openFiles keeps evidence files in the data folder, or in the bucket of an
// S3-compatible object store when DUBAN_S3_ENDPOINT is set.
func openFiles(ctx context.Context, c *config.Config) (*files.Store, error) {
	fs := &files.Store{Dir: filepath.Join(c.Data, "files")}
	sc := files.S3Config{Endpoint: c.S3Endpoint, Bucket: c.S3Bucket, AccessKey: c.S3AccessKey, SecretKey: c.S3SecretKey,
		Region: c.S3Region, PathStyle: c.S3PathStyle}
	if !sc.Enabled() {
		return fs, nil
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	obj, err := files.OpenS3(ctx, sc)
	if err != nil {
		return nil, err
	}
	fs.Objects = obj
	return fs, nil
}

// envDuration reads a duration such as 90s from the environment, or def.
func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}
