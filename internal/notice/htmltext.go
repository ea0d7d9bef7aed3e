package notice

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
)

// A notice saved from the site that published it (.html, .htm) is read
// as the text a browser shows: a paragraph, heading, list item, table cell
// or <br> a line, the page's head, its doctype, scripts and styles left out, entities
// (&nbsp; &ldquo;) decoded. The site's menus and footer come out as short
// lines that cleanLines and splitHeader pass over.

var (
	htmlDrop    = regexp.MustCompile(`(?is)<!--.*?-->|<![a-z][^>]*>|<\?[^>]*\?>|<(script|style|head|noscript|template)\b.*?</(?:script|style|head|noscript|template)\s*>`)
	htmlTag     = regexp.MustCompile(`(?s)<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>`)
	htmlBreaks  = regexp.MustCompile(`[\r\n\t]+`)
	htmlMarkers = [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<body"), []byte("<p>"), []byte("<p "), []byte("<div")}
)

// blockTags end a line in the text a browser shows.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "td": true, "th": true, "table": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "section": true, "article": true,
	"ul": true, "ol": true, "dd": true, "dt": true, "blockquote": true, "pre": true, "hr": true, "center": true,
	"header": true, "footer": true, "nav": true, "main": true, "title": true, "caption": true, "form": true,
}

// isHTML reports a file that is a web page rather than plain text.
func isHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 1024)]))
	if !bytes.HasPrefix(head, []byte("<")) {
		return false
	}
	for _, m := range htmlMarkers {
		if bytes.Contains(head, m) {
			return true
		}
	}
	return false
}

// htmlText returns the text of a web page, a line per block, its headings
// and numbered lists written as Markdown's (## …, 1. …), which unmarkdown
// then reads as levels: a browser numbers an <ol>, the text does not.
func htmlText(s string) string {
	s = htmlDrop.ReplaceAllString(s, "")
	// Line breaks in the page's source are not the text's: a browser shows
	// a paragraph broken over source lines as one.
	s = htmlBreaks.ReplaceAllString(s, "")
	var lists []int // the open lists: the next number of an <ol>, -1 for a <ul>
	s = htmlTag.ReplaceAllStringFunc(s, func(tag string) string {
		m := htmlTag.FindStringSubmatch(tag)
		name, closing := strings.ToLower(m[2]), m[1] == "/"
		switch {
		case len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !closing:
			return "\n" + strings.Repeat("#", int(name[1]-'0')) + " "
		case name == "ol" || name == "ul":
			if closing {
				if len(lists) > 0 {
					lists = lists[:len(lists)-1]
				}
			} else if name == "ul" {
				lists = append(lists, -1)
			} else {
				lists = append(lists, max(atoi(htmlAttr(tag, "start")), 1))
			}
			return "\n"
		case name == "li" && !closing && len(lists) > 0 && lists[len(lists)-1] > 0:
			n := lists[len(lists)-1]
			lists[len(lists)-1]++
			return "\n" + strconv.Itoa(n) + ". "
		case blockTags[name]:
			return "\n"
		}
		return ""
	})
	return readMarkdown(html.UnescapeString(s), true)
}

var htmlAttrRe = regexp.MustCompile(`(?i)\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)

// htmlAttr returns the value of a tag's attribute, or "".
func htmlAttr(tag, name string) string {
	for _, m := range htmlAttrRe.FindAllStringSubmatch(tag, -1) {
		if strings.EqualFold(m[1], name) {
			return m[2] + m[3] + m[4]
		}
	}
	return ""
}
