package duban

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTPIssuer names duban in authenticator apps.
const TOTPIssuer = "督办"

// totpPeriod is the time step of the codes (RFC 6238's 30 seconds, what
// every authenticator app uses).
const totpPeriod = 30

// NewTOTPKey returns a new random secret for account and the otpauth://
// address an authenticator app reads (from a QR code or typed).
func NewTOTPKey(account string) (secret, address string, err error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: account, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", "", err
	}
	return k.Secret(), k.URL(), nil
}

// TOTPAddress returns the otpauth:// address of secret for account.
func TOTPAddress(secret, account string) string {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: account, Period: totpPeriod, Digits: otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1, Secret: decodeSecret(secret)})
	if err != nil {
		return ""
	}
	return k.URL()
}

func decodeSecret(s string) []byte {
	b, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(s))
	return b
}

// MatchTOTP checks a six-digit code against secret at now, allowing one
// step of clock drift either way. It returns the time step the code
// belongs to; a code of a step not after lastStep is refused, so that a
// code seen once cannot be used again.
func MatchTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, s := range []int64{step - 1, step, step + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > lastStep {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode returns the code of secret at t, for tests and the CLI.
func TOTPCode(secret string, t time.Time) string {
	c, _ := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return c
}

// RecoveryCodes returns n one-time recovery codes of 12 characters
// (60 bits) written as xxxx-xxxx-xxxx.
func RecoveryCodes(n int) []string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	out := make([]string, n)
	for i := range out {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		for j := range b {
			b[j] = alphabet[int(b[j])%len(alphabet)]
		}
		out[i] = string(b[:4]) + "-" + string(b[4:8]) + "-" + string(b[8:])
	}
	return out
}

// HashRecoveryCode returns the hash a recovery code is kept as: of the
// code in lower case without spaces or dashes, so that it may be typed
// either way.
func HashRecoveryCode(code string) string {
	c := strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
	h := sha256.Sum256([]byte("duban-recovery:" + c))
	return hex.EncodeToString(h[:])
}
