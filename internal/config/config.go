// Package config reads duban's settings from the environment; command-line
// flags override them.
package config

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
)

// Config holds the settings of a duban process.
type Config struct {
	Addr string // listen address, DUBAN_ADDR
	Data string // data folder, DUBAN_DATA
	DB   string // database: a postgres:// URL or a SQLite file path, DUBAN_DB; empty means duban.db in Data

	Security     Security // login throttling, proxies, cookies (security.go)
	LogFormat    string   // "text" (default) or "json", DUBAN_LOG_FORMAT
	MetricsAddr  string   // a separate listener for GET /metrics only, DUBAN_METRICS_ADDR; empty: none
	MetricsToken string   // bearer token for GET /metrics on the main address, DUBAN_METRICS_TOKEN; empty: not served there

	// Single sign-on (OpenID Connect); off while OIDCIssuer is empty.
	OIDCIssuer, OIDCClientID, OIDCClientSecret, OIDCRedirectURL string // DUBAN_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _REDIRECT_URL
	OIDCClaim                                                   string // DUBAN_OIDC_CLAIM: claim holding the duban username (preferred_username)
	OIDCLabel                                                   string // DUBAN_OIDC_LABEL: the login button's text

	// Evidence files on an S3-compatible object store; the data folder while S3Endpoint is empty.
	S3Endpoint, S3Bucket, S3AccessKey, S3SecretKey, S3Region string // DUBAN_S3_ENDPOINT, _BUCKET, _ACCESS_KEY, _SECRET_KEY, _REGION
	S3PathStyle                                              bool   // DUBAN_S3_PATH_STYLE: bucket in the path (MinIO); default true
}

// Load reads the settings through getenv (os.Getenv in production).
func Load(getenv func(string) string) Config {
	c := Config{Addr: "127.0.0.1:8080", Data: "./duban-data"}
	if v := getenv("DUBAN_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("DUBAN_DATA"); v != "" {
		c.Data = v
	}
	c.DB = getenv("DUBAN_DB")
	c.Security = loadSecurity(getenv)
	c.LogFormat = getenv("DUBAN_LOG_FORMAT")
	c.MetricsAddr = getenv("DUBAN_METRICS_ADDR")
	c.MetricsToken = getenv("DUBAN_METRICS_TOKEN")
	c.OIDCIssuer, c.OIDCClientID = getenv("DUBAN_OIDC_ISSUER"), getenv("DUBAN_OIDC_CLIENT_ID")
	c.OIDCClientSecret, c.OIDCRedirectURL = getenv("DUBAN_OIDC_CLIENT_SECRET"), getenv("DUBAN_OIDC_REDIRECT_URL")
	c.OIDCClaim, c.OIDCLabel = getenv("DUBAN_OIDC_CLAIM"), getenv("DUBAN_OIDC_LABEL")
	c.S3Endpoint, c.S3Bucket, c.S3Region = getenv("DUBAN_S3_ENDPOINT"), getenv("DUBAN_S3_BUCKET"), getenv("DUBAN_S3_REGION")
	c.S3AccessKey, c.S3SecretKey = getenv("DUBAN_S3_ACCESS_KEY"), getenv("DUBAN_S3_SECRET_KEY")
	c.S3PathStyle = getenv("DUBAN_S3_PATH_STYLE") != "0" && getenv("DUBAN_S3_PATH_STYLE") != "false"
	return c
}

// DSN returns what store.Open takes: the PostgreSQL URL, or the SQLite file.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "duban.db")
}

// Validate names the setting that is wrong.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: DUBAN_ADDR / --addr %q is not host:port", c.Addr)
	}
	if c.Data == "" {
		return fmt.Errorf("config: DUBAN_DATA / --data must not be empty")
	}
	if strings.Contains(c.DB, "://") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		return fmt.Errorf("config: DUBAN_DB / --db %q: only postgres:// URLs or a SQLite file path are supported", c.DB)
	}
	if c.LogFormat != "" && c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: DUBAN_LOG_FORMAT / --log-format %q: use text or json", c.LogFormat)
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("config: DUBAN_METRICS_ADDR / --metrics-addr %q is not host:port", c.MetricsAddr)
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return fmt.Errorf("config: DUBAN_METRICS_TOKEN must be at least 16 characters")
	}
	return c.Security.validate()
}
