package docx

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"duban/internal/duban"
)

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

func TestPartsWellFormed(t *testing.T) {
	p := write(t, sampleNotice(), Options{})
	want := []string{
		"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
		"word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
		"word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml",
	}
	if strings.Join(p.order, " ") != strings.Join(want, " ") {
		t.Errorf("parts = %v, want %v", p.order, want)
	}
	// Every part but [Content_Types].xml is named in a relationship, and
	// every override names an existing part.
	for _, o := range p.trees["[Content_Types].xml"].all("Override") {
		if _, ok := p.raw[strings.TrimPrefix(o.attr["PartName"], "/")]; !ok {
			t.Errorf("content type for missing part %s", o.attr["PartName"])
		}
	}
	for _, r := range p.trees["word/_rels/document.xml.rels"].all("Relationship") {
		if _, ok := p.raw["word/"+r.attr["Target"]]; !ok {
			t.Errorf("relationship %s to missing part %s", r.attr["Id"], r.attr["Target"])
		}
	}
}

func TestPageSetup(t *testing.T) {
	doc := write(t, sampleNotice(), Options{}).doc()
	sz, mar := doc.first("pgSz"), doc.first("pgMar")
	w, h := atoi(t, sz.attr["w"]), atoi(t, sz.attr["h"])
	if w != 11906 || h != 16838 {
		t.Errorf("page %d×%d twips, want A4 11906×16838", w, h)
	}
	mm := func(twips int) float64 { return float64(twips) * 25.4 / 1440 }
	for side, want := range map[string]float64{"top": 37, "bottom": 35, "left": 28, "right": 26} {
		if got := mm(atoi(t, mar.attr[side])); math.Abs(got-want) > 0.1 {
			t.Errorf("%s margin %.2f mm, want %.0f mm", side, got, want)
		}
	}
	areaW := w - atoi(t, mar.attr["left"]) - atoi(t, mar.attr["right"])
	areaH := h - atoi(t, mar.attr["top"]) - atoi(t, mar.attr["bottom"])
	if math.Abs(mm(areaW)-156) > 0.1 || math.Abs(mm(areaH)-225) > 0.1 {
		t.Errorf("type area %.1f×%.1f mm, want 156×225", mm(areaW), mm(areaH))
	}
	grid := doc.first("docGrid")
	pitch := atoi(t, grid.attr["linePitch"])
	if grid.attr["type"] != "lines" || areaH/pitch != 22 {
		t.Errorf("docGrid %v: want a line grid of 22 lines", grid.attr)
	}
	// 28 condensed 16 pt characters fit the line, 29 do not.
	charPt := 16 + float64(bodyCharSpacing)/20
	if n := int(float64(areaW) / 20 / charPt); n != 28 {
		t.Errorf("%d characters of %.2f pt a line, want 28", n, charPt)
	}
	if f := mar.attr["footer"]; mm(atoi(t, f)) < 20 || mm(atoi(t, f)) > 30 {
		t.Errorf("footer distance %s twips", f)
	}
}

func TestCharGrid(t *testing.T) {
	doc := write(t, sampleNotice(), Options{CharGrid: true}).doc()
	g := doc.first("docGrid")
	if g.attr["type"] != "linesAndChars" || g.attr["linePitch"] != "579" {
		t.Fatalf("docGrid %v", g.attr)
	}
	// Word's character pitch: default size 16 pt plus charSpace/4096 pt.
	pitchPt := 16 + float64(atoi(t, g.attr["charSpace"]))/4096
	if n := int(8844.0 / 20 / pitchPt); n != 28 {
		t.Errorf("grid of %.3f pt gives %d characters a line, want 28", pitchPt, n)
	}
}

// TestRunFonts checks that every run of every part names its font for
// all scripts with the East Asian hint.
func TestRunFonts(t *testing.T) {
	for _, opt := range []Options{{}, {CenteredPageNumbers: true}} {
		p := write(t, sampleNotice(), opt)
		for name, tree := range p.trees {
			for i, r := range tree.all("r") {
				f := r.first("rFonts").attr
				if f["ascii"] == "" || f["hAnsi"] == "" || f["eastAsia"] == "" || f["hint"] != "eastAsia" {
					t.Errorf("%s run %d (%q): rFonts %v", name, i, r.texts(), f)
				}
			}
		}
	}
}

func TestTitleAndBody(t *testing.T) {
	p := write(t, sampleNotice(), Options{})
	fonts := DefaultFonts()
	var titles, bodies int
	for _, para := range p.paras() {
		for _, r := range textRuns(para) {
			switch {
			case pstyle(para) == "Title":
				titles++
				if size(r) != "44" || font(r) != fonts.Title {
					t.Errorf("title run %q: size %s font %s", r.texts(), size(r), font(r))
				}
			case pstyle(para) == "":
				bodies++
				if size(r) != "32" || font(r) != fonts.Body {
					t.Errorf("body run %q: size %s font %s", r.texts(), size(r), font(r))
				}
			}
		}
	}
	if titles != 2 || bodies < 10 {
		t.Errorf("%d title runs (want the 2 lines of one title block), %d body runs", titles, bodies)
	}
	// One title block per GB/T 9704: the issuing body opens the title, no
	// empty line between them.
	title := p.paras()[0]
	if title.texts() != "中共陕西省委科技工委关于十三届省委第十一轮巡视整改进展情况的通报" || len(title.all("br")) != 1 {
		t.Errorf("title paragraph %q with %d breaks", title.texts(), len(title.all("br")))
	}
	if jc := title.first("jc").attr["val"]; jc != "center" {
		t.Errorf("title aligned %s", jc)
	}
	if next := p.paras()[1]; next.texts() != "" || pstyle(next) == "Title" {
		t.Errorf("after the title: %q, want one empty line", next.texts())
	}
}

// In the red-head layout the issuing body stands above the title, in red.
func TestRedHead(t *testing.T) {
	p := write(t, sampleNotice(), Options{RedHead: true})
	head, title := p.paras()[0], p.paras()[2]
	if head.texts() != "中共陕西省委科技工委" || head.first("color").attr["val"] != "FF0000" {
		t.Errorf("red head %q, colour %v", head.texts(), head.first("color").attr)
	}
	if title.texts() != "关于十三届省委第十一轮巡视整改进展情况的通报" || pstyle(title) != "Title" {
		t.Errorf("title under the red head %q", title.texts())
	}
}

// The last paragraph, the signature and the date keep together: every
// paragraph from the last block to the signature keeps with the next, the
// last block's paragraphs are not split, and the date ends the chain.
func TestSignatureKeepsWithLastParagraph(t *testing.T) {
	d := sampleSupervision()
	p := write(t, d, Options{})
	paras := p.paras()
	lastBlock := d.Blocks[len(d.Blocks)-1]
	last, date := -1, -1
	for i, para := range paras {
		switch para.texts() {
		case lastBlock.Heading + lastBlock.Text:
			last = i
		case "2021年9月15日":
			date = i
		}
	}
	if last < 0 || date < last {
		t.Fatalf("last block at %d, date at %d", last, date)
	}
	for i := last; i < date; i++ {
		if len(paras[i].all("keepNext")) == 0 {
			t.Errorf("paragraph %d %q does not keep with the next", i, paras[i].texts())
		}
	}
	if len(paras[last].all("keepLines")) == 0 {
		t.Errorf("last paragraph may be split across pages")
	}
	if len(paras[date].all("keepNext")) != 0 {
		t.Errorf("the date keeps with the footnote")
	}
}

// A heading that would leave one character on a line of its own is
// condensed to end a line earlier; other headings keep the body spacing.
func TestHeadingOrphan(t *testing.T) {
	if got := orphanSpacing(200+2700, 27); got >= bodyCharSpacing || got < bodyCharSpacing-20 {
		t.Errorf("orphanSpacing of a 29-character line = %d, want a little tighter than %d", got, bodyCharSpacing)
	}
	for _, w := range []int{2000, 2800, 200 + 2800 + 300, 200 + 1800} {
		if got := orphanSpacing(w, w/100); got != 0 {
			t.Errorf("orphanSpacing(%d) = %d, want 0", w, got)
		}
	}
	// 29 characters with the indent: 27 of heading.
	h := "二、坚持问题导向深入推进巡视反馈问题整改落实到位见实效"
	if n := len([]rune(h)); n != 27 {
		t.Fatalf("heading has %d characters", n)
	}
	d := &duban.Document{Title: "通报", Blocks: []duban.Block{{Level: 1, Heading: h}, {Text: "正文。"}}}
	p := write(t, d, Options{})
	for _, para := range p.paras() {
		if para.texts() == h {
			if sp := para.all("r")[0].first("spacing").attr["val"]; sp == itoa(bodyCharSpacing) || sp == "" {
				t.Errorf("27-character heading spacing %q, want condensed", sp)
			}
		}
	}
}

func TestHeadings(t *testing.T) {
	fonts := DefaultFonts()
	want := map[string]string{
		"Heading1": fonts.Heading1, "Heading2": fonts.Heading2,
		"Heading3": fonts.Body, "Heading4": fonts.Body,
	}
	seen := map[string]bool{}
	runIn := 0
	for _, para := range write(t, sampleNotice(), Options{}).paras() {
		st := pstyle(para)
		if want[st] == "" {
			continue
		}
		seen[st] = true
		runs := textRuns(para)
		if font(runs[0]) != want[st] || size(runs[0]) != "32" {
			t.Errorf("%s %q: font %s size %s", st, runs[0].texts(), font(runs[0]), size(runs[0]))
		}
		if ind := para.first("ind").attr["firstLineChars"]; ind != "200" {
			t.Errorf("%s %q: first-line indent %q, want 2 characters", st, para.texts(), ind)
		}
		if len(runs) == 2 {
			runIn++
			if font(runs[1]) != fonts.Body {
				t.Errorf("run-in text after %q in %s", runs[0].texts(), font(runs[1]))
			}
		}
	}
	if len(seen) != 4 || runIn < 8 {
		t.Errorf("heading levels %v, %d run-in headings", seen, runIn)
	}
}

func TestRunInHeading(t *testing.T) {
	d := &duban.Document{Blocks: []duban.Block{
		{Level: 2, Heading: "（一）切实提高政治站位。", Text: "省委科技工委深刻认识到……"},
	}}
	paras := write(t, d, Options{BoldHeadings: true}).paras()
	if len(paras) != 1 {
		t.Fatalf("%d paragraphs, want 1", len(paras))
	}
	runs := textRuns(paras[0])
	if len(runs) != 2 || runs[0].texts() != "（一）切实提高政治站位。" || runs[1].texts() != "省委科技工委深刻认识到……" {
		t.Fatalf("runs %d: %q", len(runs), paras[0].texts())
	}
	if font(runs[0]) != "楷体_GB2312" || len(runs[0].all("b")) != 1 {
		t.Errorf("heading run: font %s, bold %d", font(runs[0]), len(runs[0].all("b")))
	}
	if font(runs[1]) != "仿宋_GB2312" || len(runs[1].all("b")) != 0 {
		t.Errorf("text run: font %s, bold %d", font(runs[1]), len(runs[1].all("b")))
	}
}

func TestFooters(t *testing.T) {
	p := write(t, sampleNotice(), Options{})
	for name, side := range map[string]string{"word/footer1.xml": "right", "word/footer2.xml": "left"} {
		f := p.trees[name]
		if !strings.Contains(f.first("instrText").text, "PAGE") {
			t.Errorf("%s has no PAGE field", name)
		}
		if txt := f.texts(); txt != "— 1 —" {
			t.Errorf("%s text %q, want — 1 —", name, txt)
		}
		if jc := f.first("jc").attr["val"]; jc != side {
			t.Errorf("%s aligned %s, want %s", name, jc, side)
		}
		for _, r := range f.all("r") {
			if size(r) != "28" || font(r) != "宋体" {
				t.Errorf("%s run: size %s font %s, want 4号宋体", name, size(r), font(r))
			}
		}
	}
	if len(p.trees["word/settings.xml"].all("evenAndOddHeaders")) != 1 {
		t.Error("settings lack evenAndOddHeaders")
	}
	refs := map[string]string{}
	for _, r := range p.doc().first("sectPr").all("footerReference") {
		refs[r.attr["type"]] = r.attr["id"]
	}
	if refs["default"] != "rIdFooterOdd" || refs["even"] != "rIdFooterEven" {
		t.Errorf("footer references %v", refs)
	}
}

func TestCenteredPageNumbers(t *testing.T) {
	p := write(t, sampleNotice(), Options{CenteredPageNumbers: true})
	if _, ok := p.raw["word/footer2.xml"]; ok {
		t.Error("footer2 written for centred page numbers")
	}
	if len(p.trees["word/settings.xml"].all("evenAndOddHeaders")) != 0 {
		t.Error("evenAndOddHeaders set for centred page numbers")
	}
	if jc := p.trees["word/footer1.xml"].first("jc").attr["val"]; jc != "center" {
		t.Errorf("footer aligned %s", jc)
	}
}

func TestSupervisionNotice(t *testing.T) {
	paras := write(t, sampleSupervision(), Options{}).paras()
	type want struct{ text, jc, right string }
	wants := []want{
		{"督办通知单", "center", ""},
		{"督办〔2021〕3号", "center", ""},
		{"", "both", ""},
		{"陕西省财政厅：", "both", ""},
	}
	for i, w := range wants {
		p := paras[i]
		if p.texts() != w.text || p.first("jc").attr["val"] != w.jc || len(p.all("ind")) != 0 {
			t.Errorf("paragraph %d: %q %s %v, want %q %s flush", i, p.texts(), p.first("jc").attr["val"], p.first("ind").attr, w.text, w.jc)
		}
	}
	n := len(paras)
	sig, date, note := paras[n-3], paras[n-2], paras[n-1]
	if date.texts() != "2021年9月15日" || date.first("ind").attr["rightChars"] != "400" || date.first("jc").attr["val"] != "right" {
		t.Errorf("date %q ind %v", date.texts(), date.first("ind").attr)
	}
	if sig.texts() != "省委科技工委巡视整改工作领导小组办公室" || sig.first("jc").attr["val"] != "right" {
		t.Errorf("signature %q", sig.texts())
	}
	if note.texts() != "（联系人：张明，电话：029-12345678）" || note.first("ind").attr["firstLineChars"] != "200" {
		t.Errorf("footnote %q ind %v", note.texts(), note.first("ind").attr)
	}
	if size(textRuns(paras[1])[0]) != "32" || font(textRuns(paras[1])[0]) != "仿宋_GB2312" {
		t.Error("document number not in 3号仿宋")
	}
}

func TestSignatureIndents(t *testing.T) {
	cases := []struct {
		noSeal    bool
		sig, date string
		sigRight  int
		dateRight int
	}{
		// Sealed: date 4 characters from the right, name centred over it.
		{false, "中共陕西省委科技工委", "2022年9月30日", 225, 400},
		{false, "某某办公室", "2022年9月30日", 475, 400},
		// Unsealed, name longer: name 2 from the right, date 2 to the right of its start.
		{true, "中共陕西省委科技工委", "2022年9月30日", 200, 350},
		// Unsealed, date longer: date 2 from the right, name 2 to the left of it.
		{true, "某某办公室", "2022年9月30日", 550, 200},
	}
	for _, c := range cases {
		w := &writer{opt: Options{NoSeal: c.noSeal}}
		s, d := w.signatureIndents([]string{c.sig}, c.date)
		if s[0] != c.sigRight || d != c.dateRight {
			t.Errorf("noSeal=%v %s / %s: indents %d, %d; want %d, %d", c.noSeal, c.sig, c.date, s[0], d, c.sigRight, c.dateRight)
		}
	}
}

func TestEscape(t *testing.T) {
	d := &duban.Document{
		Title:  `A&B <c> "d" 'e'` + "\x01\x0b\u0085\ufffe",
		Blocks: []duban.Block{{Text: "x < y && z > \"q\"\x00\x1f end"}},
	}
	p := write(t, d, Options{})
	paras := p.paras()
	if got := paras[0].texts(); got != `A&B <c> "d" 'e'` {
		t.Errorf("title %q", got)
	}
	if got := paras[len(paras)-1].texts(); got != `x < y && z > "q" end` {
		t.Errorf("body %q", got)
	}
	if got := p.trees["docProps/core.xml"].first("title").text; got != `A&B <c> "d" 'e'` {
		t.Errorf("core title %q", got)
	}
	var b strings.Builder
	escape(&b, "a\xffb")
	if b.String() != "a\ufffdb" {
		t.Errorf("invalid UTF-8 escaped as %q", b.String())
	}
}

func TestCustomFonts(t *testing.T) {
	p := write(t, sampleNotice(), Options{Fonts: Fonts{Body: "FangSong", PageNumber: "SimSun"}})
	for _, para := range p.paras() {
		for _, r := range textRuns(para) {
			if pstyle(para) == "" && font(r) != "FangSong" {
				t.Errorf("body run %q in %s", r.texts(), font(r))
			}
			if pstyle(para) == "Title" && font(r) != "方正小标宋简体" {
				t.Errorf("title run %q in %s", r.texts(), font(r))
			}
		}
	}
	if f := font(p.trees["word/footer1.xml"].first("r")); f != "SimSun" {
		t.Errorf("page number font %s", f)
	}
	var names []string
	for _, f := range p.trees["word/fontTable.xml"].all("font") {
		names = append(names, f.attr["name"])
	}
	if strings.Join(names, ",") != "方正小标宋简体,FangSong,黑体,楷体_GB2312,SimSun" {
		t.Errorf("font table %v", names)
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, sampleNotice(), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, sampleNotice(), Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same document differ")
	}
	if err := Write(&a, nil, Options{}); err == nil {
		t.Error("nil document accepted")
	}
}

func TestEmptyDocument(t *testing.T) {
	p := write(t, &duban.Document{}, Options{})
	if n := len(p.paras()); n != 0 {
		t.Errorf("%d paragraphs for an empty document", n)
	}
	if len(p.doc().all("sectPr")) != 1 {
		t.Error("no section properties")
	}
}

func TestSplitTitle(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"督办通知单", []string{"督办通知单"}},
		{"关于十三届省委第十一轮巡视整改进展情况的通报", []string{"关于十三届省委第十一轮", "巡视整改进展情况的通报"}},
		{"第一行\n第二行", []string{"第一行", "第二行"}},
		// 33 characters, a quotation of 15 that two lines cannot keep whole.
		{"中共某某省委关于对“落实创新驱动发展政策行动慢”问题整改情况的通报",
			[]string{"中共某某省委关于对", "“落实创新驱动发展政策行动慢”", "问题整改情况的通报"}},
		{"中共陕西省委科技工委关于十三届省委第十一轮巡视整改进展情况的通报",
			[]string{"中共陕西省委科技工委关于十三届省委", "第十一轮巡视整改进展情况的通报"}},
		{"关于进一步加强巡视整改日常监督和成果运用工作的实施意见",
			[]string{"关于进一步加强巡视整改日常", "监督和成果运用工作的实施意见"}},
	}
	for _, c := range cases {
		got := splitTitle(c.in, titleLineWidth)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("splitTitle(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, l := range got {
			if width(l) > titleLineWidth {
				t.Errorf("line %q wider than a title line", l)
			}
		}
	}
	long := strings.Repeat("巡视整改进展情况", 8) // 64 characters: 4 lines of 16
	if got := splitTitle(long, titleLineWidth); len(got) != 4 {
		t.Errorf("64 characters in %d lines: %q", len(got), got)
	}
}

func TestFontConfig(t *testing.T) {
	conf := FontConfig()
	tree := parseXML(t, "fonts.conf", conf)
	if inc := tree.first("include").text; inc != "/etc/fonts/fonts.conf" {
		t.Errorf("include %q", inc)
	}
	alias := map[string]string{}
	for _, m := range tree.all("match") {
		from := m.first("test").first("string").text
		alias[from] = m.first("edit").first("string").text
	}
	for from, to := range map[string]string{
		"方正小标宋简体": "Noto Serif CJK SC", "仿宋_GB2312": "AR PL SungtiL GB", "仿宋": "AR PL SungtiL GB",
		"楷体_GB2312": "AR PL KaitiM GB", "楷体": "AR PL KaitiM GB", "黑体": "WenQuanYi Zen Hei",
		"宋体": "AR PL SungtiL GB",
	} {
		if alias[from] != to {
			t.Errorf("%s → %q, want %s", from, alias[from], to)
		}
	}
	conf[0] = 'X'
	if FontConfig()[0] == 'X' {
		t.Error("FontConfig returns shared bytes")
	}
}

// A machine with LibreOffice but without the AR PL fonts skips the
// fidelity test, naming the fonts it lacks, instead of failing it.
func TestMissingFonts(t *testing.T) {
	withoutARPL := "Noto Serif CJK SC\nNoto Serif CJK JP\nWenQuanYi Zen Hei,文泉驛正黑,文泉驿正黑\nDejaVu Sans\n"
	if got := strings.Join(missingFonts(withoutARPL), ","); got != "AR PL SungtiL GB,AR PL KaitiM GB" {
		t.Errorf("missingFonts = %q, want the two AR PL families", got)
	}
	all := withoutARPL + "AR PL SungtiL GB,文鼎ＰＬ简报宋\nAR PL KaitiM GB,文鼎ＰＬ简中楷\n"
	if got := missingFonts(all); len(got) != 0 {
		t.Errorf("missingFonts with every font installed = %v", got)
	}
}
