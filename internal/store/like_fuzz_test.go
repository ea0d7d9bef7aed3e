package store

import (
	"strings"
	"testing"
)

// FuzzLikePattern checks the search query (q=) as it becomes a LIKE
// pattern: whatever is typed, the pattern matches that text literally —
// every %, _ and \ in it escaped, wildcards only at the two ends. Seeds:
// testdata/fuzz/FuzzLikePattern.
func FuzzLikePattern(f *testing.F) {
	f.Fuzz(func(t *testing.T, q string) {
		p := likePattern(q)
		if !strings.HasPrefix(p, "%") || !strings.HasSuffix(p, "%") || len(p) < 2 {
			t.Fatalf("likePattern(%q) = %q: want %%…%%", q, p)
		}
		var lit strings.Builder
		inner := p[1 : len(p)-1]
		for i := 0; i < len(inner); i++ {
			switch c := inner[i]; c {
			case '\\':
				if i+1 == len(inner) || !strings.ContainsRune(`\%_`, rune(inner[i+1])) {
					t.Fatalf("likePattern(%q) = %q: a lone escape at %d", q, p, i)
				}
				lit.WriteByte(inner[i+1])
				i++
			case '%', '_':
				t.Fatalf("likePattern(%q) = %q: an unescaped wildcard at %d", q, p, i)
			default:
				lit.WriteByte(c)
			}
		}
		if lit.String() != strings.TrimSpace(q) {
			t.Fatalf("likePattern(%q) matches %q, want the text itself", q, lit.String())
		}
	})
}
