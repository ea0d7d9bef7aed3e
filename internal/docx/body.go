package docx

import (
	"strings"

	"duban/internal/duban"
)

// writer writes word/document.xml.
type writer struct {
	b    xmlOut
	opt  Options
	keep bool // keep the paragraphs being written with what follows (the last block, the signature)
}

// writeDocumentXML writes word/document.xml for d to out.
func writeDocumentXML(out xmlOut, d *duban.Document, opt Options) {
	w := &writer{b: out, opt: opt}
	w.b.WriteString(xmlHeader)
	w.b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	w.head(d)
	w.recipient(d.Recipient)
	for i, bl := range d.Blocks {
		// The last block stays whole and on the page of the signature and
		// date, so that the 成文日期 never stands alone on a page.
		w.keep = i == len(d.Blocks)-1
		w.block(bl)
	}
	w.keep = false
	w.closing(d)
	w.sectPr()
	w.b.WriteString("</w:body></w:document>")
}

// body returns a run of body text.
func (w *writer) body(text string) run {
	return run{text: text, font: w.opt.Fonts.Body, size: size3}
}

// empty writes an empty line of body size.
func (w *writer) empty() {
	writePara(w.b, para{align: "both", mark: w.body("")})
}

// head writes the title block and the empty line after it. The issuing
// body and the title make one title (中共某某委员会关于……的通报), broken into
// balanced lines, as GB/T 9704 sets a title; the 发文机关标志 stands apart,
// in red above the title, only in the red-head layout (Options.RedHead).
func (w *writer) head(d *duban.Document) {
	title := run{font: w.opt.Fonts.Title, size: size2}
	issuer, text := lines(d.Issuer), d.Title
	if w.opt.RedHead && len(issuer) > 0 {
		red := run{font: w.opt.Fonts.Title, size: size2, color: redHead}
		p := para{style: "Title", align: "center", breaks: true, noGrid: true, mark: red}
		for _, l := range issuer {
			red.text = l
			p.runs = append(p.runs, red)
		}
		writePara(w.b, p)
		w.empty()
	} else if len(issuer) > 0 && !strings.HasPrefix(text, strings.Join(issuer, "")) {
		text = strings.Join(issuer, "") + strings.TrimSpace(text)
	}
	if tl := splitTitle(text, titleLineWidth); len(tl) > 0 {
		p := para{style: "Title", align: "center", breaks: true, noGrid: true, mark: title}
		for _, l := range tl {
			title.text = l
			p.runs = append(p.runs, title)
		}
		writePara(w.b, p)
	}
	if n := strings.TrimSpace(d.Number); n != "" {
		writePara(w.b, para{align: "center", runs: []run{w.body(n)}, mark: w.body("")})
	}
	if len(issuer)+len(lines(d.Title))+len(lines(d.Number)) > 0 {
		w.empty()
	}
}

// redHead is the colour of the 发文机关标志 in the red-head layout.
const redHead = "FF0000"

// recipient writes the 主送机关 flush left, ending in a full-width colon.
func (w *writer) recipient(s string) {
	ls := lines(s)
	if len(ls) == 0 {
		return
	}
	last := strings.TrimRight(ls[len(ls)-1], ":：")
	ls[len(ls)-1] = last + "："
	for _, l := range ls {
		writePara(w.b, para{align: "both", runs: []run{w.body(l)}, mark: w.body("")})
	}
}

// headingRun returns the run of a heading of the given level (1 to 4).
func (w *writer) headingRun(level int, text string) run {
	r := w.body(text)
	switch level {
	case 1:
		r.font = w.opt.Fonts.Heading1
	case 2:
		r.font = w.opt.Fonts.Heading2
		r.bold = w.opt.BoldHeadings
	case 3:
		r.bold = w.opt.BoldHeadings
	}
	return r
}

// block writes one Block: a heading (run in with its text when both are
// set), then one paragraph for each further line of the text. Every
// paragraph has a first-line indent of two characters.
func (w *writer) block(bl duban.Block) {
	texts := lines(bl.Text)
	p := para{align: "both", firstLine: 200, mark: w.body("")}
	if h := strings.TrimSpace(bl.Heading); h != "" {
		hr := w.headingRun(bl.Level, h)
		p.runs = []run{hr}
		p.mark = run{font: hr.font, size: hr.size, bold: hr.bold}
		if bl.Level >= 1 && bl.Level <= 4 {
			p.style = "Heading" + itoa(bl.Level)
		}
		if len(texts) == 0 {
			p.keepNext = true
			p.runs[0].spacing = orphanSpacing(p.firstLine+width(h), len([]rune(h)))
		}
	}
	if len(texts) > 0 {
		p.runs = append(p.runs, w.body(texts[0]))
		texts = texts[1:]
	}
	if len(p.runs) == 0 {
		return
	}
	p.keepNext, p.keepLines = p.keepNext || w.keep, w.keep
	writePara(w.b, p)
	for _, t := range texts {
		writePara(w.b, para{align: "both", firstLine: 200, runs: []run{w.body(t)}, mark: w.body(""), keepNext: w.keep, keepLines: w.keep})
	}
}

// orphanSpacing returns the character spacing that keeps a heading of n
// characters, lineWidth hundredths of a character wide with its indent, from
// leaving one character alone on its last line: such a heading is condensed
// just enough to end one line earlier. It returns 0 (the default spacing)
// for any other heading.
func orphanSpacing(lineWidth, n int) int {
	full := 100 * charsPerLine
	over := lineWidth % full
	if lineWidth <= full || over == 0 || over > 100 || n == 0 {
		return 0
	}
	// over/100 of a 16 pt character, shared by n characters, in 1/20 pt,
	// rounded up, on top of the body's own condensing.
	return bodyCharSpacing - (over*16*20+100*n-1)/(100*n)
}

// sectPr writes the section properties: paper, margins, footers and grid.
func (w *writer) sectPr() {
	b := w.b
	b.WriteString("<w:sectPr>")
	if !w.opt.CenteredPageNumbers {
		b.WriteString(`<w:footerReference w:type="even" r:id="rIdFooterEven"/>`)
	}
	b.WriteString(`<w:footerReference w:type="default" r:id="rIdFooterOdd"/>`)
	b.WriteString(`<w:pgSz w:w="` + itoa(pageWidth) + `" w:h="` + itoa(pageHeight) + `"/>`)
	b.WriteString(`<w:pgMar w:top="` + itoa(marginTop) + `" w:right="` + itoa(marginRight) +
		`" w:bottom="` + itoa(marginBottom) + `" w:left="` + itoa(marginLeft) +
		`" w:header="` + itoa(headerDistance) + `" w:footer="` + itoa(footerDistance) + `" w:gutter="0"/>`)
	b.WriteString(`<w:pgNumType w:start="1"/><w:cols w:space="425"/>`)
	if w.opt.CharGrid {
		b.WriteString(`<w:docGrid w:type="linesAndChars" w:linePitch="` + itoa(linePitch) +
			`" w:charSpace="` + itoa(charSpace) + `"/>`)
	} else {
		b.WriteString(`<w:docGrid w:type="lines" w:linePitch="` + itoa(linePitch) + `"/>`)
	}
	b.WriteString("</w:sectPr>")
}
