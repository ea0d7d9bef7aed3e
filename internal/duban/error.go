// Package duban holds the domain of the rectification ledger: units, users,
// sources, plans, the item tree, tasks, assignments and their state machine,
// reports, meetings, feedback and the audit chain. It imports neither SQL nor
// HTTP; the store and the web layer translate to and from these types.
package duban

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an Error so that the web layer can pick a status.
type Code string

// Error codes. Anything that is not an *Error is treated as Internal.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Forbidden    Code = "forbidden"
	Unauthorized Code = "unauthorized"
	Stale        Code = "stale"
	Internal     Code = "internal"
	// TooMany refuses a request for now: too many at once or from one
	// address (429); RetryAfter says when to come back.
	TooMany Code = "too_many_requests"
	// Locked refuses a login to an account locked after failed attempts (423).
	Locked Code = "locked"
	// PasswordChangeRequired refuses everything but changing the password
	// to a caller who must change it first: first sign-in, reset, expiry (403).
	PasswordChangeRequired Code = "password_change_required"
	// TOTPEnrolmentRequired refuses everything but enrolling an
	// authenticator app to a caller whose role must use one (403).
	TOTPEnrolmentRequired Code = "totp_enrolment_required"
	// TOTPRequired answers a right password of an account that signs in
	// with a second factor: the code of the authenticator app is next.
	TOTPRequired Code = "totp_required"
)

// Error is an error a user may see: a code, a message in Chinese that a
// clerk understands, and optional per-field messages.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	// RetryAfter, when set, is how long the caller should wait before
	// trying again (TooMany, Locked).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("duban: %s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("duban: %s: %s %v", e.Code, e.Message, e.Fields)
}

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or Internal when err is not an *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic message so that no internal detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "服务器内部错误，请稍后重试或联系系统管理员"
}

// ErrorRetryAfter returns how long err asks the caller to wait, or 0.
func ErrorRetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// ErrorFields returns the per-field messages of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation.
type Problems map[string]string

// Add records a problem with a field; the first message for a field wins.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns an Invalid *Error naming every field, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "提交的内容有误，请按提示修改", Fields: map[string]string(p)}
}
