package duban

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Role is what a user may do.
type Role string

// Roles.
const (
	RoleAdmin     Role = "admin"     // 系统管理员: users, units, settings, calendar, channels
	RoleSecAdmin  Role = "secadmin"  // 安全管理员: roles, lockouts, password policy, others' sessions
	RoleAuditor   Role = "auditor"   // 审计管理员: reads and verifies the audit log, nothing else
	RoleLead      Role = "lead"      // 整改办: manages plans of its unit
	RoleLiaison   Role = "liaison"   // 联络员: its own unit's assignments only
	RoleLeader    Role = "leader"    // 领导: reads, signs off closures
	RoleInspector Role = "inspector" // 巡视办: reads everything
	RoleExpert    Role = "expert"    // 评审专家: only the challenges and projects given to them to review
)

// RoleNames maps each role to its Chinese name.
var RoleNames = map[Role]string{
	RoleAdmin: "系统管理员", RoleSecAdmin: "安全管理员", RoleAuditor: "审计管理员", RoleLead: "整改办", RoleLiaison: "联络员", RoleLeader: "领导", RoleInspector: "巡视办",
	RoleExpert: "评审专家",
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := RoleNames[r]; return ok }

// User is an account.
type User struct {
	ID           int64  `json:"id"`
	Username     string `json:"username"`
	DisplayName  string `json:"display_name"`
	Role         Role   `json:"role"`
	UnitID       *int64 `json:"unit_id"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Disabled     bool   `json:"disabled"`
	PasswordHash string `json:"-"`
	// MustChangePassword is set on an account created with a password
	// someone else chose, or whose password the security administrator
	// reset: its next sign-in must change it before anything else.
	MustChangePassword bool `json:"must_change_password"`
	// PasswordChangedAt is when the password was last set (nil: never, an
	// account that signs in only through single sign-on).
	PasswordChangedAt *time.Time `json:"password_changed_at"`
	// TOTPEnabled tells that sign-in asks for a code of the authenticator app.
	TOTPEnabled bool      `json:"totp_enabled"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks a user before it is written.
func (u *User) Validate() error {
	p := Problems{}
	u.Username = strings.TrimSpace(u.Username)
	if u.Username == "" {
		p.Add("username", "请填写用户名")
	} else if strings.ContainsAny(u.Username, " \t\r\n/") || utf8.RuneCountInString(u.Username) > 64 {
		p.Add("username", "用户名不能含空格或斜杠，且不超过64个字符")
	}
	if !u.Role.Valid() {
		p.Add("role", "角色无效，应为 admin、secadmin、auditor、lead、liaison、leader、inspector 或 expert")
	}
	if (u.Role == RoleLiaison || u.Role == RoleLead || u.Role == RoleLeader) && u.UnitID == nil {
		p.Add("unit_id", "联络员、整改办和领导账号必须归属一个单位")
	}
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	return p.Err()
}

// UserFilter selects users.
type UserFilter struct {
	UnitID *int64
	Role   Role
	Text   string
	Page
}

// UserUpdate holds the optional changes to a user.
type UserUpdate struct {
	DisplayName *string `json:"display_name"`
	Role        *Role   `json:"role"`
	UnitID      *int64  `json:"unit_id"`
	Email       *string `json:"email"`
	Phone       *string `json:"phone"`
	Disabled    *bool   `json:"disabled"`
	Password    *string `json:"password"`
	// CurrentPassword is required when users change their own password.
	CurrentPassword *string `json:"current_password"`
}

// Apply copies the set fields of up onto u. A new password is checked and
// hashed by the store, not here.
func (up UserUpdate) Apply(u *User) {
	setPtr(&u.DisplayName, up.DisplayName)
	setPtr(&u.Role, up.Role)
	setPtr(&u.Email, up.Email)
	setPtr(&u.Phone, up.Phone)
	setPtr(&u.Disabled, up.Disabled)
	if up.UnitID != nil {
		u.UnitID = up.UnitID
		if *up.UnitID == 0 {
			u.UnitID = nil
		}
	}
}

// Argon2id parameters (RFC 9106's second recommended option, scaled for a
// small server): 64 MiB, 3 passes.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// argonWork is the work a new hash is given: passes over memory KiB.
type argonWork struct{ time, memory uint32 }

// hashWork is the work HashPassword gives a new hash: the parameters above,
// except in a test binary, where it is one pass over 64 KiB (the least
// argon2id takes) until a test asks for the full work with FullPasswordWork.
// Tests sign in thousands of times, and a full hash takes about 1 s on two
// cores, 3 s under the race detector. A hash carries its parameters, so
// CheckPassword checks either kind at the work it was made with.
var hashWork atomic.Pointer[argonWork]

func init() {
	w := &argonWork{argonTime, argonMemory}
	if testing.Testing() {
		w = &argonWork{1, 64}
	}
	hashWork.Store(w)
}

// FullPasswordWork makes new hashes take the production work, for a test
// that measures what hashing costs (its time, its memory, the cap on parallel
// hashes), and returns what restores the work before. Outside a test binary
// the work is always full and it changes nothing.
func FullPasswordWork() (restore func()) {
	old := hashWork.Swap(&argonWork{argonTime, argonMemory})
	return func() { hashWork.Store(old) }
}

// PasswordHashMiB is the memory a new hash takes, in MiB (64 outside tests).
func PasswordHashMiB() int { return int(hashWork.Load().memory >> 10) }

// CheckPasswordPolicy rejects passwords that are too weak.
func CheckPasswordPolicy(pw string) error {
	if utf8.RuneCountInString(pw) < 8 {
		return &Error{Code: Invalid, Message: "密码至少8位", Fields: map[string]string{"password": "密码至少8位"}}
	}
	return nil
}

// HashPassword hashes pw with argon2id in the PHC string format.
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordPolicy(pw); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("duban: salt: %w", err)
	}
	w := hashWork.Load()
	key := argon2.IDKey([]byte(pw), salt, w.time, w.memory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, w.memory, w.time, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the argon2id hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// RandomSecret returns n random bytes as URL-safe base64, for tokens and
// generated passwords.
func RandomSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Principal is the authenticated caller of an operation.
type Principal struct {
	UserID   int64  `json:"user_id"`
	Username string `json:"username"`
	Name     string `json:"display_name"`
	Role     Role   `json:"role"`
	UnitID   int64  `json:"unit_id"` // 0 when the user belongs to no unit
	// SessionID is the id of the session or token the caller signed in with.
	SessionID int64 `json:"-"`
	// Pending is what the caller must do before anything else (the
	// Pending* constants), "" when nothing.
	Pending string `json:"pending,omitempty"`
}

// System is the principal of work done by duban itself (migrations, demo, CLI).
var System = &Principal{Username: "system", Name: "系统", Role: RoleAdmin}

// ReadsAll reports whether p may read every plan and assignment.
func (p *Principal) ReadsAll() bool {
	return p.Role == RoleAdmin || p.Role == RoleLead || p.Role == RoleLeader || p.Role == RoleInspector
}

// RequireLedgers returns Forbidden for an expert (评审专家), who reviews the
// challenges and projects given to it and has no part in the rectification
// ledgers: their pages would only ever be empty for it.
func (p *Principal) RequireLedgers(what string) error {
	if p.Role == RoleExpert {
		return ErrForbidden(what + "（评审专家只查看指定给本人的榜单和项目）")
	}
	return nil
}

// ErrForbidden is the error for an action the role does not allow.
func ErrForbidden(what string) error {
	return Errorf(Forbidden, "您没有权限%s", what)
}

// RequireAdmin returns Forbidden unless p is an administrator.
func (p *Principal) RequireAdmin(what string) error {
	if p.Role != RoleAdmin {
		return ErrForbidden(what)
	}
	return nil
}
