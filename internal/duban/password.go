package duban

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PasswordPolicy is what a new password must meet (等保 三级: length,
// character classes, not the username, not a recent one) and how long a
// password lasts.
type PasswordPolicy struct {
	MinLength int           // characters
	Classes   int           // of upper-case letters, lower-case letters, digits and other characters
	History   int           // a new password may not be any of the last History passwords
	MaxAge    time.Duration // after this a password must be changed; 0: passwords do not expire
}

// DefaultPasswordPolicy asks for 8 characters of 3 classes, not one of the
// last 5 passwords; passwords do not expire.
func DefaultPasswordPolicy() PasswordPolicy {
	return PasswordPolicy{MinLength: 8, Classes: 3, History: 5}
}

// Check returns Invalid, with a message on the field "password" naming
// every rule pw breaks, when pw is not a password the policy allows for the
// account username. The history is checked by the store.
func (p PasswordPolicy) Check(pw, username string) error {
	var broken []string
	if n := utf8.RuneCountInString(pw); n < p.MinLength {
		broken = append(broken, fmt.Sprintf("至少%d位", p.MinLength))
	}
	if n := PasswordClasses(pw); n < p.Classes {
		broken = append(broken, fmt.Sprintf("须包含大写字母、小写字母、数字、其他符号中的至少%d类（现有%d类）", p.Classes, n))
	}
	if u := strings.ToLower(strings.TrimSpace(username)); utf8.RuneCountInString(u) >= 3 && strings.Contains(strings.ToLower(pw), u) {
		broken = append(broken, "不能包含用户名")
	}
	if len(pw) > MaxPasswordLen {
		broken = append(broken, "不超过1024字节")
	}
	if HasControl(pw) {
		broken = append(broken, "不能含有控制字符")
	}
	if len(broken) == 0 {
		return nil
	}
	msg := "密码" + strings.Join(broken, "，")
	return &Error{Code: Invalid, Message: "密码不符合密码规则：" + msg, Fields: map[string]string{"password": msg}}
}

// Rules describes the policy in one sentence, for forms.
func (p PasswordPolicy) Rules() string {
	s := fmt.Sprintf("密码至少%d位，包含大写字母、小写字母、数字、其他符号中的至少%d类，不能包含用户名", p.MinLength, p.Classes)
	if p.History > 0 {
		s += fmt.Sprintf("，不能与最近%d次用过的密码相同", p.History)
	}
	return s + "。"
}

// ReusedError is the error for a password that is one of the last n.
func ReusedError(n int) error {
	msg := fmt.Sprintf("不能与最近%d次用过的密码相同", n)
	return &Error{Code: Invalid, Message: "密码不符合密码规则：" + msg, Fields: map[string]string{"password": msg}}
}

// PasswordClasses counts the classes of characters in pw: upper-case
// letters, lower-case letters, digits, and anything else.
func PasswordClasses(pw string) int {
	var upper, lower, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return upper + lower + digit + other
}

// GeneratePassword returns a random password of 16 characters holding all
// four classes, for accounts duban creates itself (the first start).
func GeneratePassword() string {
	const (
		upper = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		lower = "abcdefghijkmnopqrstuvwxyz"
		digit = "23456789"
		other = "-_.@#%+="
		all   = upper + lower + digit + other
	)
	sets := []string{upper, lower, digit, other}
	b := make([]byte, 16)
	for i := range b {
		set := all
		if i < len(sets) {
			set = sets[i]
		}
		b[i] = set[randomIndex(len(set))]
	}
	for i := len(b) - 1; i > 0; i-- { // the four fixed classes go anywhere
		j := randomIndex(i + 1)
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// randomIndex returns a uniform random number in [0, n), n ≤ 256.
func randomIndex(n int) int {
	limit := 256 - 256%n
	var c [1]byte
	for {
		if _, err := rand.Read(c[:]); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		if int(c[0]) < limit {
			return int(c[0]) % n
		}
	}
}
