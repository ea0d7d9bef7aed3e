package docx

import (
	"strings"
)

// stylesXML returns word/styles.xml. The defaults are 3号 body text with
// Chinese language settings, no extra space between Chinese and Latin text
// and no widow control, so that every page is filled to its 22 lines.
// Punctuation may hang into the right margin (Word's and LibreOffice's
// default), so that a line holds 28 characters plus a closing comma or
// full stop; w:overflowPunct is not written because LibreOffice reads it
// with the opposite meaning to Word. Paragraph styles exist so that Word shows the headings in its
// navigation pane; every run still carries its own fonts and size.
func stylesXML(opt Options) string {
	f := opt.Fonts
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles xmlns:w="` + nsW + `"><w:docDefaults><w:rPrDefault><w:rPr>`)
	writeFonts(&b, f.Body)
	b.WriteString(`<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>`)
	b.WriteString(`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>`)
	b.WriteString(`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>` +
		`<w:spacing w:before="0" w:after="0" w:line="` + itoa(linePitch) + `" w:lineRule="exact"/>` +
		`<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	style(&b, "Normal", "Normal", "", f.Body, size3, false, -1)
	style(&b, "Title", "Title", "center", f.Title, size2, false, -1)
	style(&b, "Heading1", "heading 1", "", f.Heading1, size3, false, 0)
	style(&b, "Heading2", "heading 2", "", f.Heading2, size3, opt.BoldHeadings, 1)
	style(&b, "Heading3", "heading 3", "", f.Body, size3, opt.BoldHeadings, 2)
	style(&b, "Heading4", "heading 4", "", f.Body, size3, false, 3)
	style(&b, "Footer", "footer", "", f.PageNumber, size4, false, -1)
	b.WriteString(`</w:styles>`)
	return b.String()
}

// style writes one paragraph style based on Normal (except Normal itself),
// with an outline level when outline is 0 or more.
func style(b *strings.Builder, id, name, align, font string, size int, bold bool, outline int) {
	def := ""
	if id == "Normal" {
		def = ` w:default="1"`
	}
	b.WriteString(`<w:style w:type="paragraph"` + def + ` w:styleId="` + id + `"><w:name w:val="` + name + `"/>`)
	if id != "Normal" {
		b.WriteString(`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>`)
	}
	b.WriteString(`<w:qFormat/><w:pPr>`)
	if align != "" {
		b.WriteString(`<w:jc w:val="` + align + `"/>`)
	}
	if outline >= 0 {
		b.WriteString(`<w:outlineLvl w:val="` + itoa(outline) + `"/>`)
	}
	b.WriteString(`</w:pPr>`)
	writeRPr(b, run{font: font, size: size, bold: bold})
	b.WriteString(`</w:style>`)
}

// altNames gives Word a second name to try for fonts that Windows ships
// under another name (仿宋 and 楷体 instead of the GB2312 versions).
var altNames = map[string]string{
	"仿宋_GB2312": "仿宋",
	"楷体_GB2312": "楷体",
}

// fontTableXML returns word/fontTable.xml listing the fonts used, all with
// the GB2312 character set.
func fontTableXML(f Fonts) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:fonts xmlns:w="` + nsW + `">`)
	seen := map[string]bool{}
	for _, name := range []string{f.Title, f.Body, f.Heading1, f.Heading2, f.PageNumber} {
		if seen[name] {
			continue
		}
		seen[name] = true
		b.WriteString(`<w:font w:name="` + attr(name) + `">`)
		if alt, ok := altNames[name]; ok {
			b.WriteString(`<w:altName w:val="` + alt + `"/>`)
		}
		b.WriteString(`<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}
