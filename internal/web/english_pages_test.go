package web_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// Every page, as every role, in English: no Chinese may be left outside the
// data people entered. The data allowed is read from the demo database (the
// text of every stored record but the messages the server itself wrote);
// everything else with a Han character fails, with the page, the role and
// the text, so that a Chinese label, message, status, date or tag left on an
// English page is found.

// englishPageUsers are the demo accounts of each role (anonymous first).
var englishPageUsers = []string{"", "admin", "secadmin", "auditor", "zgb", "kjt", "kjt-leader", "xsb"}

// englishAllowed are the few Chinese words an English page shows on
// purpose: the switch back to Chinese, and examples of
// Chinese input the server reads (dates as users write them, the State
// Council's holiday notice, a sheet's 单位 line, a document number).
var englishAllowed = []string{"中文", "2021年8月26日", "2021年12月底前", "2022年上半年", "2022年第一季度", "立行立改", "长期坚持",
	"二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。", "“2027-02-06 至 2027-02-14 春节 休”", "“2027-02-20 春节调休 班”", "放假", "上班",
	"“单位：亿元”", "批示〔2026〕7号"}

// generatedTables hold text the server writes, which must not count as data.
var generatedTables = map[string]bool{"notifications": true, "audit_log": true, "deliveries": true, "schema_migrations": true, "sessions": true}

func demoDataStrings(t *testing.T, db *testDB) []string {
	t.Helper()
	raw := db.mustRaw(t)
	ctx := context.Background()
	rows, err := raw.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	seen := map[string]bool{}
	for _, table := range tables {
		if generatedTables[table] || strings.Contains(table, "fts") {
			continue
		}
		rows, err := raw.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			continue
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				var s string
				switch v := v.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				}
				for _, line := range strings.Split(s, "\n") {
					if line = strings.TrimSpace(line); hasHanRune(line) {
						seen[line] = true
					}
				}
			}
		}
		rows.Close()
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	// Longest first, so that a title is taken out before a unit name in it.
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func hasHanRune(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// visibleTexts returns the text nodes and the attributes people read
// (title, placeholder, aria-label, alt, value of buttons, data-confirm).
func visibleTexts(t *testing.T, page string) []string {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	var out []string
	skip := 0
	// zh counts the open elements inside one declared Chinese (lang="zh-CN"):
	// a document shown as it was issued, such as a published notice, is
	// Chinese on purpose; everything around it must be English.
	zh := 0
	void := map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true,
		"link": true, "meta": true, "source": true, "track": true, "wbr": true}
	for {
		next := z.Next()
		if zh > 0 {
			switch next {
			case html.StartTagToken:
				if n, _ := z.TagName(); !void[string(n)] {
					zh++
				}
			case html.EndTagToken:
				zh--
			case html.ErrorToken:
				return out
			}
			continue
		}
		switch next {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if next == html.StartTagToken && !void[tok.Data] && slices.ContainsFunc(tok.Attr, func(a html.Attribute) bool {
				return a.Key == "lang" && strings.HasPrefix(a.Val, "zh") && tok.Data != "html"
			}) {
				zh = 1
				continue
			}
			// Scripts and styles are not read; an audit record's details
			// (<pre class="json">) are shown as recorded, in the words of
			// the day they were written.
			if tok.Data == "script" || tok.Data == "style" || tok.Data == "pre" && slices.Contains(tok.Attr, html.Attribute{Key: "class", Val: "json"}) {
				skip++
			}
			for _, a := range tok.Attr {
				switch a.Key {
				case "title", "placeholder", "aria-label", "alt", "data-confirm":
					out = append(out, a.Val)
				case "value":
					if tok.Data == "button" || slices.ContainsFunc(tok.Attr, func(x html.Attribute) bool { return x.Key == "type" && (x.Val == "submit" || x.Val == "button") }) {
						out = append(out, a.Val)
					}
				}
			}
		case html.EndTagToken:
			if n, _ := z.TagName(); (string(n) == "script" || string(n) == "style" || string(n) == "pre") && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				out = append(out, string(z.Text()))
			}
		}
	}
}

// leftChinese returns what of s is Chinese once the data and the allowed
// words are taken out; a text cut short with … may end in a cut datum.
func leftChinese(s string, data []string) string {
	if !hasHanRune(s) || strings.TrimSpace(s) == "督" { // the logo's glyph
		return ""
	}
	for _, a := range englishAllowed {
		s = strings.ReplaceAll(s, a, " ")
	}
	for _, d := range data {
		if strings.Contains(s, d) {
			s = strings.ReplaceAll(s, d, " ")
			if !hasHanRune(s) {
				return ""
			}
		}
	}
	if i := strings.Index(s, "…"); i > 0 {
		head := s[:i]
		start := strings.LastIndexFunc(head, func(r rune) bool {
			return !unicode.Is(unicode.Han, r) && !unicode.IsPunct(r) && !unicode.IsDigit(r) && !unicode.IsLetter(r)
		})
		cut := strings.TrimSpace(head[start+1:])
		for _, d := range data {
			if cut != "" && strings.HasPrefix(d, cut) {
				s = strings.Replace(s, cut+"…", " ", 1)
				break
			}
		}
	}
	if !hasHanRune(s) {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

func TestEnglishPagesHaveNoChinese(t *testing.T) {
	db := mustOpenSQLite(t)
	e := newDemoEnv(t, db)
	data := demoDataStrings(t, db)
	fx := matrixFixtures(t, e)
	var paths []string
	for _, pat := range e.server.Patterns() {
		method, path, ok := strings.Cut(pat, " ")
		if !ok {
			path = pat
		} else if method != http.MethodGet {
			continue
		}
		if strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/metrics") ||
			strings.HasPrefix(path, "/healthz") || path == "/lang" || path == "/logout" || strings.HasPrefix(path, "/sso") {
			continue
		}
		paths = append(paths, concretePath(pat, fx))
	}
	checked := 0
	found := map[string][]string{}
	for _, user := range englishPageUsers {
		for _, path := range paths {
			r := e.pageResponse(t, user, path, "en")
			if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				continue
			}
			checked++
			for _, text := range visibleTexts(t, string(r.Body)) {
				if left := leftChinese(text, data); left != "" {
					who := user
					if who == "" {
						who = "anonymous"
					}
					key := left
					if !slices.Contains(found[key], path) {
						found[key] = append(found[key], path+" ("+who+")")
					}
				}
			}
		}
	}
	if checked < 40 {
		t.Fatalf("only %d pages rendered in English; the walk is not reaching the pages", checked)
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		where := found[k]
		if len(where) > 3 {
			where = append(where[:3], "…")
		}
		t.Errorf("Chinese on an English page: %q on %s", k, strings.Join(where, ", "))
	}
}

// pageResponse gets a page as user (anonymous when ""), in lang, following
// redirects.
func (e *env) pageResponse(t *testing.T, user, path, lang string) response {
	t.Helper()
	req, err := http.NewRequest("GET", e.http.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.AddCookie(&http.Cookie{Name: "duban_session", Value: e.token(t, user)})
	}
	req.AddCookie(&http.Cookie{Name: "duban_lang", Value: lang})
	res, err := e.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: body}
}
