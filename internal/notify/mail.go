package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// composeMail renders m as an RFC 5322 message: UTF-8 headers encoded per
// RFC 2047, a text/plain body in base64 (for Chinese text it is a third the
// size of quoted-printable), CRLF line endings throughout.
func composeMail(from *mail.Address, to []*mail.Address, m Message, now time.Time) []byte {
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(name + ": " + value + "\r\n")
	}
	header("From", from.String())
	header("To", joinAddresses(to))
	header("Subject", encodeSubject(m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address, now))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	writeBase64Lines(&b, []byte(crlf(m.Text)))
	return b.Bytes()
}

// maxWordBytes is how many bytes of UTF-8 go in one encoded-word: base64
// of 42 bytes is 56 characters, so "Subject: =?utf-8?b?…?=" is 77.
const maxWordBytes = 42

// encodeSubject encodes s per RFC 2047 as B encoded-words, one a folded
// line, none splitting a character, so that no header line passes 78
// characters. Printable ASCII is left as it is. Line breaks in s would end
// the header early, so they become spaces.
func encodeSubject(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	if isPrintableASCII(s) {
		return s
	}
	var words []string
	for s != "" {
		n := min(len(s), maxWordBytes)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	// White space between encoded-words is not part of the text, so
	// folding there adds nothing to the decoded subject.
	return strings.Join(words, "\r\n ")
}

// isPrintableASCII reports whether s needs no RFC 2047 encoding.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// joinAddresses formats the To header, one address a folded line.
func joinAddresses(to []*mail.Address) string {
	parts := make([]string, len(to))
	for i, a := range to {
		parts[i] = a.String()
	}
	return strings.Join(parts, ",\r\n ")
}

// messageID returns a unique Message-ID in the sender's domain.
func messageID(from string, now time.Time) string {
	domain := "duban.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	var r [12]byte
	_, _ = rand.Read(r[:]) // crypto/rand.Read never fails (Go 1.24+)
	return "<" + now.UTC().Format("20060102150405") + "." + hex.EncodeToString(r[:]) + "@" + domain + ">"
}

// crlf turns every line ending into CRLF, the canonical form RFC 2046
// requires of text/plain before base64 encoding.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// writeBase64Lines writes data in base64, 76 characters a line (RFC 2045).
func writeBase64Lines(b *bytes.Buffer, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	if enc != "" {
		b.WriteString(enc + "\r\n")
	}
}
