package config

import (
	"slices"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
)

func TestAccountSettings(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c := Load(env(nil))
	if c.Security.Passwords != duban.DefaultPasswordPolicy() || c.Security.Sessions.Idle != 30*time.Minute || c.Security.Sessions.Lifetime != 12*time.Hour {
		t.Errorf("defaults: got %+v, %+v", c.Security.Passwords, c.Security.Sessions)
	}
	c = Load(env(map[string]string{"DUBAN_PASSWORD_MIN_LENGTH": "12", "DUBAN_PASSWORD_HISTORY": "8", "DUBAN_PASSWORD_MAX_AGE": "90d",
		"DUBAN_SESSION_IDLE": "15m", "DUBAN_SESSION_LIFETIME": "8h", "DUBAN_TOTP_ROLES": "admin, secadmin,auditor"}))
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	s := c.Security
	if s.Passwords.MinLength != 12 || s.Passwords.History != 8 || s.Passwords.MaxAge != 90*24*time.Hour || s.Sessions.Idle != 15*time.Minute ||
		s.Sessions.Lifetime != 8*time.Hour || !slices.Equal(s.Sessions.TOTPRoles, []duban.Role{duban.RoleAdmin, duban.RoleSecAdmin, duban.RoleAuditor}) {
		t.Errorf("set: got %+v, %+v", s.Passwords, s.Sessions)
	}
	for name, v := range map[string]string{"DUBAN_PASSWORD_MAX_AGE": "ninety days", "DUBAN_TOTP_ROLES": "admin,root", "DUBAN_SESSION_IDLE": "-5m", "DUBAN_PASSWORD_MIN_LENGTH": "6"} {
		err := Load(env(map[string]string{name: v})).Validate()
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%q: got %v, want an error naming the variable", name, v, err)
		}
	}
}
