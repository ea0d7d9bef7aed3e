package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"duban/internal/config"
	"duban/internal/store"
)

// auditKeyFile is the audit key's file in the data folder.
const auditKeyFile = "audit.key"

// auditKey returns the audit chain's key: DUBAN_AUDIT_KEY, or the key file
// in the data folder, created (0600) when create is set and it is missing.
func auditKey(c *config.Config, create bool) ([]byte, error) {
	if k := strings.TrimSpace(os.Getenv("DUBAN_AUDIT_KEY")); k != "" {
		return []byte(k), nil
	}
	path := filepath.Join(c.Data, auditKeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read the audit key: %w", err)
	}
	if !create {
		return nil, store.ErrNoAuditKey
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("make the audit key: %w", err)
	}
	if err := os.MkdirAll(c.Data, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("write the audit key: %w", err)
	}
	key := hex.EncodeToString(raw)
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write the audit key: %w", err)
	}
	return []byte(key), f.Close()
}

// openKeyed opens the store and sets its audit key, creating the key file
// when create is set.
func openKeyed(ctx context.Context, c *config.Config, create bool) (*store.DB, error) {
	key, err := auditKey(c, create)
	if err != nil {
		return nil, err
	}
	db, err := openPlain(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := db.SetAuditKey(ctx, key); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
