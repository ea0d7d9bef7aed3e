package docx

import (
	"duban/internal/duban"
)

// closing writes the signature (发文机关署名), the date (成文日期) and the
// footnote (附注) lines.
//
// With a seal (the default, clause 7.3.5.1) the date is right-indented four
// characters and each signature line is centred over the date, two empty
// lines below the body so that the seal can sit over both. Without a seal
// (Options.NoSeal, clause 7.3.5.2) the signature follows one empty line,
// right-indented two characters, and the date starts two characters to the
// right of the signature's first character; when the date is the longer,
// the date is right-indented two characters and the signature moves left.
func (w *writer) closing(d *duban.Document) {
	sig := lines(d.Signature)
	date := d.Date.Chinese()
	// The empty lines and the signature keep with what follows, so that the
	// last paragraph, the signature and the date share a page.
	keep := para{align: "both", mark: w.body(""), keepNext: true}
	if len(sig) > 0 || date != "" {
		writePara(w.b, keep)
		if !w.opt.NoSeal {
			writePara(w.b, keep)
		}
	}
	sigRight, dateRight := w.signatureIndents(sig, date)
	for i, l := range sig {
		writePara(w.b, para{align: "right", right: sigRight[i], runs: []run{w.body(l)}, mark: w.body(""), keepNext: date != "" || i < len(sig)-1})
	}
	if date != "" {
		writePara(w.b, para{align: "right", right: dateRight, runs: []run{w.body(date)}, mark: w.body("")})
	}
	for _, l := range lines(d.Footnote) {
		writePara(w.b, para{align: "both", firstLine: 200, runs: []run{w.body(l)}, mark: w.body("")})
	}
}

// signatureIndents returns the right indents, in hundredths of a character,
// of each signature line and of the date.
func (w *writer) signatureIndents(sig []string, date string) ([]int, int) {
	dw := width(date)
	right := make([]int, len(sig))
	if !w.opt.NoSeal {
		for i, l := range sig {
			right[i] = max(0, 400+(dw-width(l))/2)
			if date == "" {
				right[i] = 400
			}
		}
		return right, 400
	}
	sw := 0
	for _, l := range sig {
		sw = max(sw, width(l))
	}
	dateRight := sw - dw // date starts 2 characters right of the name
	nameRight := 200
	if dateRight < 200 {
		dateRight = 200
		nameRight = dateRight + dw + 200 - sw
	}
	for i, l := range sig {
		right[i] = nameRight + (sw - width(l)) // lines start at the same place
	}
	return right, dateRight
}
