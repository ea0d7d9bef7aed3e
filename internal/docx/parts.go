package docx

import (
	"strings"

	"duban/internal/duban"
)

// part is one file of the package: its text, or what writes it.
type part struct {
	name, body string
	write      func(xmlOut)
}

// parts returns every part of the package for d, [Content_Types].xml first.
func parts(d *duban.Document, opt Options) []part {
	ps := []part{
		{name: "[Content_Types].xml", body: contentTypes(opt)},
		{name: "_rels/.rels", body: rootRels},
		{name: "docProps/core.xml", body: coreXML(d)},
		{name: "docProps/app.xml", body: appXML},
		{name: "word/document.xml", write: func(out xmlOut) { writeDocumentXML(out, d, opt) }},
		{name: "word/_rels/document.xml.rels", body: documentRels(opt)},
		{name: "word/styles.xml", body: stylesXML(opt)},
		{name: "word/settings.xml", body: settingsXML(opt)},
		{name: "word/fontTable.xml", body: fontTableXML(opt.Fonts)},
	}
	if opt.CenteredPageNumbers {
		return append(ps, part{name: "word/footer1.xml", body: footerXML(opt.Fonts.PageNumber, "center")})
	}
	return append(ps,
		part{name: "word/footer1.xml", body: footerXML(opt.Fonts.PageNumber, "right")},
		part{name: "word/footer2.xml", body: footerXML(opt.Fonts.PageNumber, "left")})
}

const ctPrefix = "application/vnd.openxmlformats-officedocument.wordprocessingml."

// contentTypes returns [Content_Types].xml.
func contentTypes(opt Options) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	over := func(name, ct string) {
		b.WriteString(`<Override PartName="` + name + `" ContentType="` + ct + `"/>`)
	}
	over("/word/document.xml", ctPrefix+"document.main+xml")
	over("/word/styles.xml", ctPrefix+"styles+xml")
	over("/word/settings.xml", ctPrefix+"settings+xml")
	over("/word/fontTable.xml", ctPrefix+"fontTable+xml")
	over("/word/footer1.xml", ctPrefix+"footer+xml")
	if !opt.CenteredPageNumbers {
		over("/word/footer2.xml", ctPrefix+"footer+xml")
	}
	over("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
	over("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")
	b.WriteString(`</Types>`)
	return b.String()
}

const relPrefix = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

const rootRels = xmlHeader +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relPrefix + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relPrefix + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

// documentRels returns word/_rels/document.xml.rels.
func documentRels(opt Options) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	rel := func(id, typ, target string) {
		b.WriteString(`<Relationship Id="` + id + `" Type="` + relPrefix + typ + `" Target="` + target + `"/>`)
	}
	rel("rIdStyles", "styles", "styles.xml")
	rel("rIdSettings", "settings", "settings.xml")
	rel("rIdFontTable", "fontTable", "fontTable.xml")
	rel("rIdFooterOdd", "footer", "footer1.xml")
	if !opt.CenteredPageNumbers {
		rel("rIdFooterEven", "footer", "footer2.xml")
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// coreXML returns docProps/core.xml: the title, and the document date as
// the creation date so that output does not depend on the clock.
func coreXML(d *duban.Document) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString("<dc:title>")
	escape(&b, strings.Join(lines(d.Title), ""))
	b.WriteString("</dc:title><dc:creator>")
	escape(&b, strings.Join(lines(d.Signature), " "))
	b.WriteString("</dc:creator><dc:language>zh-CN</dc:language>")
	if !d.Date.IsZero() {
		t := d.Date.String() + "T00:00:00Z"
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>`)
		b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified>`)
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

const appXML = xmlHeader +
	`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
	` xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
	`<Application>duban</Application><DocSecurity>0</DocSecurity></Properties>`

// settingsXML returns word/settings.xml. Punctuation is not compressed,
// so that lines keep 28 characters; odd and even pages get their own
// footers unless page numbers are centred.
func settingsXML(opt Options) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:settings xmlns:w="` + nsW + `">`)
	b.WriteString(`<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>`)
	if !opt.CenteredPageNumbers {
		b.WriteString(`<w:evenAndOddHeaders/>`)
	}
	b.WriteString(`<w:characterSpacingControl w:val="doNotCompress"/>`)
	b.WriteString(`<w:compat><w:compatSetting w:name="compatibilityMode"` +
		` w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>`)
	b.WriteString(`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>`)
	b.WriteString(`</w:settings>`)
	return b.String()
}

// footerXML returns a footer holding "— N —" with a PAGE field in the page
// number font at 4号, aligned to side (left, right or center) and kept one
// character from the edge of the type area.
func footerXML(font, side string) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="Footer"/>`)
	b.WriteString(`<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>`)
	switch side {
	case "left":
		b.WriteString(`<w:ind w:leftChars="100" w:left="280"/>`)
	case "right":
		b.WriteString(`<w:ind w:rightChars="100" w:right="280"/>`)
	}
	r := run{font: font, size: size4}
	b.WriteString(`<w:jc w:val="` + side + `"/>`)
	writeRPr(&b, r)
	b.WriteString(`</w:pPr>`)
	r.text = "— "
	writeRun(&b, r)
	field := func(inner string) {
		b.WriteString("<w:r>")
		writeRPr(&b, r)
		b.WriteString(inner + "</w:r>")
	}
	field(`<w:fldChar w:fldCharType="begin"/>`)
	field(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`)
	field(`<w:fldChar w:fldCharType="separate"/>`)
	r.text = "1"
	writeRun(&b, r)
	field(`<w:fldChar w:fldCharType="end"/>`)
	r.text = " —"
	writeRun(&b, r)
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}
