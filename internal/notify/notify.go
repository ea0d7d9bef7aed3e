// Package notify sends notifications to people: e-mail over SMTP and the
// group-chat robots of DingTalk, WeCom (企业微信) and Feishu (飞书). It knows
// nothing of the database; callers compose a Message (Digest builds the daily
// one) and hand it to a Sender, usually through Retry.
//
// Errors are classified once, where they arise: a failure that cannot succeed
// on a later attempt (a rejected address, a bad signature, HTTP 400) is a
// *PermanentError, and Retry gives up on it at once; anything else (a network
// error, HTTP 5xx or 429, a robot's rate limit) is worth another attempt.
package notify

import (
	"context"
	"errors"
)

// Message is one notification. Subject and Text are always used; Markdown,
// when set, replaces Text for robots that render Markdown (DingTalk, WeCom)
// and is the whole body, so it should carry its own heading.
type Message struct {
	To       []string // e-mail addresses; group robots ignore it
	Subject  string
	Text     string
	Markdown string
}

// Sender delivers a Message over one channel.
type Sender interface {
	// Send delivers m once. A failure that a retry cannot fix is returned
	// as a *PermanentError.
	Send(ctx context.Context, m Message) error
	// Channel names the channel for logs: "email", "dingtalk", "wecom",
	// "feishu".
	Channel() string
}

// PermanentError marks a failure that sending again will not fix: bad
// configuration, a rejected recipient, a wrong robot secret.
type PermanentError struct {
	Err error
}

// Error returns the message of the wrapped error.
func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *PermanentError) Unwrap() error { return e.Err }

// IsPermanent reports whether err, or an error it wraps, is a
// *PermanentError.
func IsPermanent(err error) bool {
	var pe *PermanentError
	return errors.As(err, &pe)
}

// permanent wraps err as a *PermanentError; nil stays nil.
func permanent(err error) error {
	if err == nil || IsPermanent(err) {
		return err
	}
	return &PermanentError{Err: err}
}

// Robot returns the sender of a group-chat robot of kind "dingtalk",
// "wecom" or "feishu" posting to url (signed with secret where the
// platform signs), or nil for another kind.
func Robot(kind, url, secret string) Sender {
	switch kind {
	case "dingtalk":
		return &DingTalk{URL: url, Secret: secret}
	case "wecom":
		return &WeCom{URL: url}
	case "feishu":
		return &Feishu{URL: url, Secret: secret}
	}
	return nil
}
