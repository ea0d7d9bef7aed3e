// Package docx writes a duban.Document as a Word (DOCX, WordprocessingML)
// file laid out after GB/T 9704-2012《党政机关公文格式》: A4 paper, a
// 156 mm × 225 mm type area of 22 lines × 28 characters, the title in
// 2号小标宋, the body in 3号仿宋 with headings in 黑体 (一、) and 楷体
// (（一）), and page numbers "— N —" in 4号宋体 on the outer side of
// each page.
//
// The package uses only the standard library. Every XML part is written by
// hand; see layout.go for the page geometry and how 22 lines of 28
// characters are obtained in both Word and LibreOffice. FontConfig gives
// LibreOffice free stand-ins for the official fonts.
//
// What is rendered, top to bottom:
//
//	Issuer      with Options.RedHead: centred, red, title font 2号, then one
//	            empty line; otherwise it opens the title (one title block)
//	Title       centred, title font 2号, broken into balanced lines
//	Number      centred on the line under the title, body font 3号 (optional)
//	            one empty line
//	Recipient   flush left, ending in "："
//	Blocks      body paragraphs and headings, first line indented 2 characters
//	Signature   right side; see Options.NoSeal
//	Date        成文日期 as 2022年9月30日
//	Footnote    one paragraph per line, indented 2 characters
//
// Not rendered: the red 版头 (份号, 密级, 紧急程度, red 发文机关标志 and
// separator line), attachments and the 版记 (抄送, 印发机关和印发日期). The
// 发文字号, which the standard places in the 版头, is printed under the title
// instead, as on supervision notices (督办通知单).
package docx

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"time"

	"duban/internal/duban"
)

// Fonts names the typefaces written into the document. The names are what
// Word looks up on the reader's machine, so they should be the official
// fonts even when the machine that writes the file does not have them (see
// FontConfig for rendering on such a machine with LibreOffice).
type Fonts struct {
	Title      string // 标题 and 发文机关: 方正小标宋简体
	Body       string // 正文 and heading levels 3 and 4: 仿宋_GB2312
	Heading1   string // 一、: 黑体
	Heading2   string // （一）: 楷体_GB2312
	PageNumber string // 页码: 宋体
}

// DefaultFonts returns the fonts GB/T 9704-2012 and common office practice
// use: 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312 and 宋体.
func DefaultFonts() Fonts {
	return Fonts{
		Title:      "方正小标宋简体",
		Body:       "仿宋_GB2312",
		Heading1:   "黑体",
		Heading2:   "楷体_GB2312",
		PageNumber: "宋体",
	}
}

// withDefaults fills the empty fields of f from DefaultFonts.
func (f Fonts) withDefaults() Fonts {
	d := DefaultFonts()
	for _, p := range []struct{ v, def *string }{
		{&f.Title, &d.Title}, {&f.Body, &d.Body}, {&f.Heading1, &d.Heading1},
		{&f.Heading2, &d.Heading2}, {&f.PageNumber, &d.PageNumber},
	} {
		if *p.v == "" {
			*p.v = *p.def
		}
	}
	return f
}

// Options change how Write lays out a document. The zero Options follow the
// standard with the default fonts.
type Options struct {
	// Fonts overrides the typefaces; empty fields take DefaultFonts.
	Fonts Fonts
	// BoldHeadings sets level-2 (（一）) and level-3 (1.) heading runs in
	// bold, as many local style guides ask. The standard names only the
	// typefaces, so the default is regular weight.
	BoldHeadings bool
	// CenteredPageNumbers puts "— N —" in the middle of every page, as
	// informal reports often do, instead of the standard's placement (odd
	// pages right, even pages left, one character in from the edge).
	CenteredPageNumbers bool
	// NoSeal lays out the signature for a document without a seal: the
	// name right-indented 2 characters one line below the body, the date on
	// the next line starting 2 characters right of the name. By default the
	// sealed layout is used: two empty lines, the date right-indented 4
	// characters and the name centred over the date.
	NoSeal bool
	// CharGrid writes Word's line-and-character grid (w:docGrid
	// type="linesAndChars", 指定行和字符网格) with the character pitch of
	// 28 characters a line, instead of the line grid alone. Word then fits
	// every character into the grid. LibreOffice (checked with 7.4) gives
	// each 16 pt character two 15.8 pt cells instead, so that lines hold 14
	// characters; hence the default is the line grid, with body runs
	// condensed by 0.25 pt so that 28 characters fill a line in both.
	CharGrid bool
	// RedHead prints the issuing body as a red 发文机关标志 above the title,
	// as in a red-head (红头) document. By default the issuing body opens the
	// title itself (中共某某委员会关于……的通报): one title block.
	RedHead bool
}

// Write writes d to w as a DOCX file laid out per GB/T 9704-2012.
func Write(w io.Writer, d *duban.Document, opt Options) error {
	if d == nil {
		return fmt.Errorf("docx: nil document")
	}
	opt.Fonts = opt.Fonts.withDefaults()
	z := zip.NewWriter(w)
	for _, p := range parts(d, opt) {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime(d.Date)}
		f, err := z.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("docx: %s: %w", p.name, err)
		}
		if p.write != nil {
			bw := bufio.NewWriterSize(f, 64<<10)
			p.write(bw)
			err = bw.Flush()
		} else {
			_, err = io.WriteString(f, p.body)
		}
		if err != nil {
			return fmt.Errorf("docx: %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// zipTime is the modification time stored for every part: the document's
// date, so that the same document always gives the same bytes.
func zipTime(d duban.Date) time.Time {
	if d.IsZero() || d.Time().Year() < 1980 {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d.Time()
}
