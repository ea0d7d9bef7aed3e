package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"duban/internal/duban"
)

// node is an XML element with local names only (w:p → "p", w:val → "val").
type node struct {
	name string
	attr map[string]string
	kids []*node
	text string // character data directly inside the element
}

// parseXML parses data into a tree, failing the test when it is not
// well-formed.
func parseXML(t *testing.T, name string, data []byte) *node {
	t.Helper()
	root := &node{name: "#document"}
	stack := []*node{root}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(tok)
		}
	}
	return root
}

// all returns the descendants of n named name, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
		out = append(out, k.all(name)...)
	}
	return out
}

// first returns the first descendant named name, or an empty node.
func (n *node) first(name string) *node {
	if a := n.all(name); len(a) > 0 {
		return a[0]
	}
	return &node{attr: map[string]string{}}
}

// texts returns the text of all w:t descendants, concatenated.
func (n *node) texts() string {
	var b strings.Builder
	for _, t := range n.all("t") {
		b.WriteString(t.text)
	}
	return b.String()
}

// pkg is a written DOCX: its parts by name, raw and parsed.
type pkg struct {
	raw   map[string][]byte
	order []string
	trees map[string]*node
}

// write renders d and parses every part of the result.
func write(t *testing.T, d *duban.Document, opt Options) *pkg {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d, opt); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	p := &pkg{raw: map[string][]byte{}, trees: map[string]*node{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		p.raw[f.Name] = data
		p.order = append(p.order, f.Name)
		p.trees[f.Name] = parseXML(t, f.Name, data)
	}
	return p
}

// doc returns the parsed word/document.xml.
func (p *pkg) doc() *node { return p.trees["word/document.xml"] }

// paras returns the body paragraphs of the document.
func (p *pkg) paras() []*node { return p.doc().all("p") }

// pstyle returns the paragraph style of a w:p.
func pstyle(p *node) string { return p.first("pStyle").attr["val"] }

// font returns the East Asian font of a w:r.
func font(r *node) string { return r.first("rFonts").attr["eastAsia"] }

// size returns the w:sz of a w:r.
func size(r *node) string { return r.first("sz").attr["val"] }

// textRuns returns the runs of a paragraph that hold text.
func textRuns(p *node) []*node {
	var out []*node
	for _, r := range p.all("r") {
		if len(r.all("t")) > 0 {
			out = append(out, r)
		}
	}
	return out
}
