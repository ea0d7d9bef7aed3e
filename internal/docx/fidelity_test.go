package docx

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
)

// update makes TestRenderSample write docs/notice-page1.png.
var update = flag.Bool("update", false, "write docs/notice-page1.png from the sample notice")

// tools are the external programs the fidelity tests run.
type tools struct{ soffice, pdftotext, pdfinfo, pdffonts, pdftoppm string }

// findTools returns the tools, skipping the test when LibreOffice or
// poppler-utils are missing. pdffonts and pdftoppm may be empty.
func findTools(t *testing.T) tools {
	t.Helper()
	look := func(names ...string) string {
		for _, n := range names {
			if p, err := exec.LookPath(n); err == nil {
				return p
			}
		}
		return ""
	}
	tl := tools{
		soffice:   look("soffice", "libreoffice"),
		pdftotext: look("pdftotext"),
		pdfinfo:   look("pdfinfo"),
		pdffonts:  look("pdffonts"),
		pdftoppm:  look("pdftoppm"),
	}
	if tl.soffice == "" || tl.pdftotext == "" || tl.pdfinfo == "" {
		t.Skip("fidelity test needs soffice (or libreoffice), pdftotext and pdfinfo; " + installHint)
	}
	fcList := look("fc-list")
	if fcList == "" {
		t.Skip("fidelity test needs fc-list (fontconfig) to check the fonts it renders with; " + installHint)
	}
	out, err := exec.Command(fcList, ":", "family").Output()
	if err != nil {
		t.Skipf("fc-list failed (%v): the fonts cannot be checked; %s", err, installHint)
	}
	if missing := missingFonts(string(out)); len(missing) > 0 {
		t.Skipf("fidelity test needs the fonts %s, which are not installed; %s", strings.Join(missing, "、"), installHint)
	}
	return tl
}

const installHint = "install: apt-get install libreoffice-writer-nogui poppler-utils fontconfig fonts-noto-cjk " +
	"fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei"

// neededFonts are the families fonts.conf maps the official fonts to; the
// renders are checked against them (mappedFonts), so without them a render
// would fail for want of a font, not for a fault of the document.
var neededFonts = []string{"Noto Serif CJK SC", "AR PL SungtiL GB", "AR PL KaitiM GB", "WenQuanYi Zen Hei"}

// missingFonts returns the needed families that the output of
// "fc-list : family" does not list.
func missingFonts(fcList string) []string {
	have := map[string]bool{}
	for _, l := range strings.Split(fcList, "\n") {
		for _, name := range strings.Split(l, ",") {
			have[strings.TrimSpace(name)] = true
		}
	}
	var missing []string
	for _, f := range neededFonts {
		if !have[f] {
			missing = append(missing, f)
		}
	}
	return missing
}

// toPDF writes each document as name.docx in a temporary directory and
// converts them all with one LibreOffice run, using FontConfig through
// FONTCONFIG_FILE. It returns the PDF paths by name.
func toPDF(t *testing.T, tl tools, docs map[string]*duban.Document) map[string]string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(conf, FontConfig(), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(dir, "lo"),
		"--convert-to", "pdf", "--outdir", dir}
	pdfs := map[string]string{}
	for name, d := range docs {
		path := filepath.Join(dir, name+".docx")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := Write(f, d, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
		pdfs[name] = filepath.Join(dir, name+".pdf")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tl.soffice, args...)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+dir)
	out, err := cmd.CombinedOutput()
	for _, p := range pdfs {
		if _, statErr := os.Stat(p); statErr != nil {
			t.Fatalf("soffice did not write %s (err %v): %s", p, err, out)
		}
	}
	return pdfs
}

// runTool runs a tool and returns its standard output.
func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// pageCount reads the page count from pdfinfo.
func pageCount(t *testing.T, tl tools, pdf string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(runTool(t, tl.pdfinfo, pdf))
	if m == nil {
		t.Fatalf("no page count from pdfinfo for %s", pdf)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// estimateLines counts the lines d needs on a 22 × 28 page: each
// paragraph takes its width (with the 2-character indent) divided by 28
// characters, rounded up.
func estimateLines(d *duban.Document) int {
	para := func(w int) int { return (w + 2799) / 2800 }
	n := len(lines(d.Issuer)) + len(splitTitle(d.Title, titleLineWidth)) + len(lines(d.Number))
	if n > 0 {
		n++ // the empty line after the head
	}
	if len(lines(d.Issuer)) > 0 {
		n++
	}
	n += len(lines(d.Recipient))
	for _, b := range d.Blocks {
		ts := lines(b.Text)
		if len(ts) == 0 {
			ts = []string{""}
		}
		n += para(200 + width(b.Heading+ts[0]))
		for _, t := range ts[1:] {
			n += para(200 + width(t))
		}
	}
	n += 2 + len(lines(d.Signature)) + 1 // sealed layout: two empty lines, name, date
	for _, l := range lines(d.Footnote) {
		n += para(200 + width(l))
	}
	return n
}

// squeeze removes all white space, as pdftotext spaces Latin text apart.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// TestFidelity renders the sample notice and the sample supervision notice
// with LibreOffice and checks the PDFs: page counts, text, the 22 × 28
// page and the fonts that were used.
func TestFidelity(t *testing.T) {
	tl := findTools(t)
	notice, sup := sampleNotice(), sampleSupervision()
	pdfs := toPDF(t, tl, map[string]*duban.Document{"notice": notice, "supervision": sup})

	lines := estimateLines(notice)
	want := (lines + linesPerPage - 1) / linesPerPage
	got := pageCount(t, tl, pdfs["notice"])
	t.Logf("notice: about %d lines, %d pages expected, %d pages rendered", lines, want, got)
	if got < want-1 || got > want+1 {
		t.Errorf("notice has %d pages, want %d ± 1", got, want)
	}
	text := runTool(t, tl.pdftotext, "-layout", pdfs["notice"], "-")
	for _, s := range []string{notice.Title, "一、提高政治站位，压紧压实整改主体责任", "（一）加强组织领导。",
		"1.关于“学习贯彻重要讲话精神不够深入”的问题", "（1）完善学习制度。", "2022年9月30日", "中共陕西省委科技工委"} {
		if !strings.Contains(squeeze(text), squeeze(s)) {
			t.Errorf("notice PDF lacks %q", s)
		}
	}
	for i := 1; i <= got; i++ {
		if pn := "— " + strconv.Itoa(i) + " —"; !strings.Contains(text, pn) {
			t.Errorf("notice PDF lacks page number %q", pn)
		}
	}
	checkPageOne(t, runTool(t, tl.pdftotext, "-layout", "-f", "1", "-l", "1", pdfs["notice"], "-"))
	checkFonts(t, tl, pdfs["notice"])

	if n := pageCount(t, tl, pdfs["supervision"]); n != 1 {
		t.Errorf("supervision notice has %d pages, want 1", n)
	}
	text = runTool(t, tl.pdftotext, "-layout", pdfs["supervision"], "-")
	for _, s := range []string{"督办通知单", "督办〔2021〕3号", "陕西省财政厅：", "2021年9月15日", "— 1 —"} {
		if !strings.Contains(squeeze(text), squeeze(s)) {
			t.Errorf("supervision notice PDF lacks %q:\n%s", s, text)
		}
	}
}

// checkPageOne checks that the first page of the notice is a full 22 × 28
// page: 22 lines, of which one is empty (after the title block), and lines of at most 28 characters (not counting punctuation
// hanging into the margin) with some of exactly 28.
func checkPageOne(t *testing.T, page string) {
	t.Helper()
	var nonEmpty, full, widest int
	for _, l := range strings.Split(page, "\n") {
		l = squeeze(l)
		if l == "" || regexp.MustCompile(`^—\d+—$`).MatchString(l) {
			continue
		}
		nonEmpty++
		w := width(strings.TrimRight(l, "，。、；：？！”）")) // punctuation may hang
		widest = max(widest, w)
		if w == 100*charsPerLine {
			full++
		}
	}
	t.Logf("page 1: %d text lines, %d of 28 characters, widest %.1f characters", nonEmpty, full, float64(widest)/100)
	// 22 lines less the empty one after the title block; a heading kept with
	// its text may leave up to three lines at the foot of the page.
	if nonEmpty > linesPerPage-1 || nonEmpty < linesPerPage-4 {
		t.Errorf("page 1 has %d text lines, want %d to %d (22 less 1 empty, up to 3 left by a heading kept with its text):\n%s",
			nonEmpty, linesPerPage-4, linesPerPage-1, page)
	}
	if widest > 100*charsPerLine || full < 5 {
		t.Errorf("page 1: widest line %d/100 characters, %d lines of 28:\n%s", widest, full, page)
	}
}

// mappedFonts are the PostScript names (as pdffonts prints them) of the
// free fonts FontConfig maps the official names to. Noto Serif CJK is a
// collection whose faces share one name (NotoSerifCJKjp-Bold), so only the
// family and weight are checked.
var mappedFonts = map[string][]string{
	"方正小标宋简体 → Noto Serif CJK SC Bold": {"NotoSerifCJK", "Bold"},
	"仿宋_GB2312/宋体 → AR PL SungtiL GB":  {"BousungEG-Light-GB"},
	"楷体_GB2312 → AR PL KaitiM GB":      {"GBZenKai-Medium"},
	"黑体 → WenQuanYi Zen Hei":           {"WenQuanYiZenHei"},
}

// checkFonts checks with pdffonts that LibreOffice used the mapped fonts,
// not its sans-serif fallback.
func checkFonts(t *testing.T, tl tools, pdf string) {
	t.Helper()
	if tl.pdffonts == "" {
		t.Log("pdffonts not installed: fonts not checked")
		return
	}
	out := runTool(t, tl.pdffonts, pdf)
	var names []string
	for _, l := range strings.Split(out, "\n")[2:] {
		if f := strings.Fields(l); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	t.Logf("fonts in the PDF: %v", names)
	for what, parts := range mappedFonts {
		found := false
		for _, n := range names {
			all := true
			for _, p := range parts {
				all = all && strings.Contains(n, p)
			}
			found = found || all
		}
		if !found {
			t.Errorf("%s: no font %v among %v (is FONTCONFIG_FILE honoured and are the fonts installed?)", what, parts, names)
		}
	}
}

// TestRenderSample writes docs/notice-page1.png, page 1 of the sample
// notice at 60 dpi, when run with -update:
//
//	go test ./internal/docx -run TestRenderSample -update
func TestRenderSample(t *testing.T) {
	if !*update {
		t.Skip("run with -update to write docs/notice-page1.png")
	}
	tl := findTools(t)
	if tl.pdftoppm == "" {
		t.Skip("pdftoppm (poppler-utils) is not installed")
	}
	pdf := toPDF(t, tl, map[string]*duban.Document{"notice": sampleNotice()})["notice"]
	prefix := filepath.Join("..", "..", "docs", "notice-page1")
	runTool(t, tl.pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, prefix)
	fi, err := os.Stat(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", prefix+".png", fi.Size())
	if fi.Size() > 300<<10 {
		t.Errorf("%s is %d bytes, want under 300 KB", prefix+".png", fi.Size())
	}
}
