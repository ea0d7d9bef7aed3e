package duban

// Document is an official document (公文) as structured text: what the
// notice and the supervision notice are composed into, and what the DOCX,
// HTML and Markdown writers render.
type Document struct {
	Issuer    string  `json:"issuer"`    // 发文机关, printed above the title in a notice: 中共陕西省委科技工委
	Title     string  `json:"title"`     // 关于十三届省委第十一轮巡视整改进展情况的通报
	Number    string  `json:"number"`    // 发文字号, e.g. 督办〔2021〕3号; empty for none
	Recipient string  `json:"recipient"` // 主送机关, e.g. 陕西省财政厅 (rendered with a trailing full-width colon)
	Blocks    []Block `json:"blocks"`
	Signature string  `json:"signature"` // 署名: the issuing body
	Date      Date    `json:"date"`      // 成文日期, rendered as 2022年9月30日
	Footnote  string  `json:"footnote"`  // e.g. contact lines printed after the date; may be empty
}

// Block is one paragraph of a document. Level 0 is body text; levels 1 to 4
// are the headings 一、 （一） 1. （1）. A heading block with Text runs in:
// the heading in its own font, then the text in the body font, in one
// paragraph (（一）切实提高政治站位。省委科技工委…).
type Block struct {
	Level   int    `json:"level"`
	Heading string `json:"heading,omitempty"` // with its number: 一、切实提高政治站位…
	Text    string `json:"text,omitempty"`
}
