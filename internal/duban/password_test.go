package duban

import (
	"strings"
	"testing"
)

func TestPasswordPolicyCheck(t *testing.T) {
	p := DefaultPasswordPolicy()
	for _, c := range []struct {
		name, pw, user string
		want           []string // parts of the message; none: the password passes
	}{
		{"three classes", "Duban-2025", "kjt", nil},
		{"four classes", "Aa1!aaaa", "zhangsan", nil},
		{"Chinese counts as another class", "督办Abc123", "kjt", nil},
		{"too short", "Ab1-", "kjt", []string{"至少8位"}},
		{"two classes", "duban-demo", "kjt", []string{"至少3类", "现有2类"}},
		{"one class", "abcdefghij", "kjt", []string{"至少3类", "现有1类"}},
		{"holds the username", "Zhangsan-99", "zhangsan", []string{"不能包含用户名"}},
		{"holds the username in other case", "ZHANGSAN#99a", "ZhangSan", []string{"不能包含用户名"}},
		{"short username not looked for", "Ab-12345", "ab", nil},
		{"everything wrong at once", "kjt", "kjt", []string{"至少8位", "至少3类", "不能包含用户名"}},
		{"control character", "Abc-1234\x01", "kjt", []string{"控制字符"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := p.Check(c.pw, c.user)
			if len(c.want) == 0 {
				if err != nil {
					t.Fatalf("got %v, want the password to pass", err)
				}
				return
			}
			if ErrorCode(err) != Invalid || ErrorFields(err)["password"] == "" {
				t.Fatalf("got %v, want Invalid on the field password", err)
			}
			for _, w := range c.want {
				if !strings.Contains(ErrorMessage(err), w) {
					t.Errorf("got message %q, want it to hold %q", ErrorMessage(err), w)
				}
			}
		})
	}
	long := PasswordPolicy{MinLength: 12, Classes: 4}
	if err := long.Check("Aa1-aaaa", "x"); err == nil || !strings.Contains(ErrorMessage(err), "至少12位") {
		t.Errorf("a policy of 12 characters: got %v, want 至少12位", err)
	}
}

func TestGeneratePasswordMeetsPolicy(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		pw := GeneratePassword()
		if PasswordClasses(pw) != 4 || len(pw) != 16 {
			t.Fatalf("got %q (%d classes), want 16 characters of 4 classes", pw, PasswordClasses(pw))
		}
		if seen[pw] {
			t.Fatalf("got %q twice", pw)
		}
		seen[pw] = true
	}
}

// A test binary hashes with the least work until a test asks for the full
// work; both kinds check at the work they carry, and the full work is the
// production parameters (64 MiB, 3 passes).
func TestPasswordHashWork(t *testing.T) {
	check := func(hash, params string) {
		t.Helper()
		if !strings.HasPrefix(hash, "$argon2id$v=19$"+params+"$") {
			t.Errorf("got hash %q, want the parameters %s", hash, params)
		}
		if !CheckPassword(hash, "Duban-2025") {
			t.Errorf("hash %q: the right password does not check", hash)
		}
		if CheckPassword(hash, "Duban-2026") {
			t.Errorf("hash %q: a wrong password checks", hash)
		}
	}
	cheap, err := HashPassword("Duban-2025")
	if err != nil {
		t.Fatal(err)
	}
	check(cheap, "m=64,t=1,p=2")
	restore := FullPasswordWork()
	full, err := HashPassword("Duban-2025")
	restore()
	if err != nil {
		t.Fatal(err)
	}
	check(full, "m=65536,t=3,p=2")
	if again, _ := HashPassword("Duban-2025"); !strings.Contains(again, "m=64,t=1,") {
		t.Errorf("after restore: got %q, want the test work back", again)
	}
}
