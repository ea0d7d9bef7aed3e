package docx

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlHeader starts every part.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// Namespaces of WordprocessingML.
const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// run is one w:r: text in one font, size and weight.
type run struct {
	text    string
	font    string
	size    int // half-points
	bold    bool
	spacing int    // character spacing in twentieths of a point when not 0; body runs default to bodyCharSpacing
	color   string // RRGGBB, or "" for automatic
}

// para is one w:p of the body.
type para struct {
	style     string // w:pStyle, may be empty
	align     string // w:jc: left, center, right or both
	firstLine int    // first-line indent in hundredths of a character
	left      int    // left indent in hundredths of a character
	right     int    // right indent in hundredths of a character
	keepNext  bool
	keepLines bool // do not split the paragraph across pages
	noGrid    bool // do not snap to the document grid (title lines)
	breaks    bool // separate runs by line breaks (w:br) instead of nothing
	runs      []run
	mark      run // font and size of the paragraph mark; text unused
}

// xmlOut is where XML is written: a strings.Builder for a small part, a
// buffered writer into the package for word/document.xml, which is not
// held whole (a national plan's notice is tens of megabytes of XML).
type xmlOut interface {
	WriteString(s string) (int, error)
	WriteRune(r rune) (int, error)
	WriteByte(c byte) error
}

// writePara writes p with exact line spacing of one grid line.
func writePara(b xmlOut, p para) {
	b.WriteString("<w:p><w:pPr>")
	if p.style != "" {
		b.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.keepLines {
		b.WriteString("<w:keepLines/>")
	}
	if p.noGrid {
		b.WriteString(`<w:snapToGrid w:val="0"/>`)
	}
	b.WriteString(`<w:spacing w:before="0" w:after="0" w:line="` + itoa(linePitch) + `" w:lineRule="exact"/>`)
	writeInd(b, p)
	b.WriteString(`<w:jc w:val="` + p.align + `"/>`)
	writeRPr(b, p.mark)
	b.WriteString("</w:pPr>")
	for i, r := range p.runs {
		if p.breaks && i > 0 {
			writeBreak(b, r)
		}
		writeRun(b, r)
	}
	b.WriteString("</w:p>")
}

// writeInd writes w:ind, each indent both in characters (which Word uses)
// and in twips (which renderers without character units use).
func writeInd(b xmlOut, p para) {
	if p.firstLine == 0 && p.left == 0 && p.right == 0 {
		return
	}
	b.WriteString("<w:ind")
	for _, a := range []struct {
		name string
		v    int
	}{{"left", p.left}, {"right", p.right}, {"firstLine", p.firstLine}} {
		if a.v == 0 {
			continue
		}
		b.WriteString(` w:` + a.name + `Chars="` + itoa(a.v) + `"`)
		b.WriteString(` w:` + a.name + `="` + itoa(a.v*charTwips/100) + `"`)
	}
	b.WriteString("/>")
}

// writeRun writes r as one w:r with its own run properties.
func writeRun(b xmlOut, r run) {
	b.WriteString("<w:r>")
	writeRPr(b, r)
	b.WriteString(`<w:t xml:space="preserve">`)
	escape(b, r.text)
	b.WriteString("</w:t></w:r>")
}

// writeBreak writes a line break in a run formatted like r.
func writeBreak(b xmlOut, r run) {
	b.WriteString("<w:r>")
	writeRPr(b, r)
	b.WriteString("<w:br/></w:r>")
}

// writeRPr writes run properties naming the font for every script, with the
// East Asian hint, so that Word and LibreOffice both pick the Chinese font
// for Chinese text, digits and punctuation alike.
func writeRPr(b xmlOut, r run) {
	b.WriteString("<w:rPr>")
	writeFonts(b, r.font)
	if r.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if r.color != "" {
		b.WriteString(`<w:color w:val="` + r.color + `"/>`)
	}
	switch {
	case r.spacing != 0:
		b.WriteString(`<w:spacing w:val="` + itoa(r.spacing) + `"/>`)
	case r.size == size3:
		b.WriteString(`<w:spacing w:val="` + itoa(bodyCharSpacing) + `"/>`)
	}
	n := itoa(r.size)
	b.WriteString(`<w:sz w:val="` + n + `"/><w:szCs w:val="` + n + `"/>`)
	b.WriteString("</w:rPr>")
}

// writeFonts writes w:rFonts with one font for all scripts.
func writeFonts(b xmlOut, font string) {
	f := attr(font)
	b.WriteString(`<w:rFonts w:ascii="` + f + `" w:hAnsi="` + f + `" w:eastAsia="` + f +
		`" w:cs="` + f + `" w:hint="eastAsia"/>`)
}

// attr returns s escaped for an attribute value.
func attr(s string) string {
	var b strings.Builder
	escape(&b, s)
	return b.String()
}

// escape writes s as XML character data: markup characters become
// entities, and characters XML 1.0 does not allow (and C1 controls) are
// dropped. Invalid UTF-8 has already become U+FFFD when ranging over s.
func escape(b xmlOut, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			if allowed(r) {
				b.WriteRune(r)
			}
		}
	}
}

// allowed reports whether r may appear as text: not a control character,
// surrogate or non-character.
func allowed(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return false
	}
	return r <= utf8.MaxRune
}

// width returns how wide s is set in a Chinese font, in hundredths of a
// character: Chinese characters and full-width punctuation count 100,
// Latin letters, digits and half-width forms 50.
func width(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x2000, r >= 0xff61 && r <= 0xffdc:
			n += 50
		default:
			n += 100
		}
	}
	return n
}

// lines splits s at line breaks and returns the non-empty lines, trimmed of
// spaces (ideographic spaces too, which typists use for indenting).
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
