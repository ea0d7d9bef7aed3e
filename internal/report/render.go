package report

import (
	"html/template"
	"strings"

	"duban/internal/duban"
)

// Markdown renders a document as Markdown: the title as a heading, headings
// in bold, body paragraphs as they are.
func Markdown(d *duban.Document) string {
	var b strings.Builder
	if d.Issuer != "" {
		b.WriteString(d.Issuer + "\n\n")
	}
	b.WriteString("# " + d.Title + "\n\n")
	if d.Number != "" {
		b.WriteString(d.Number + "\n\n")
	}
	if d.Recipient != "" {
		b.WriteString(d.Recipient + "：\n\n")
	}
	for _, bl := range d.Blocks {
		switch {
		case bl.Heading != "" && bl.Level == 1 && bl.Text == "":
			b.WriteString("## " + bl.Heading + "\n\n")
		case bl.Heading != "":
			b.WriteString("**" + bl.Heading + "**" + bl.Text + "\n\n")
		default:
			b.WriteString(bl.Text + "\n\n")
		}
	}
	b.WriteString(d.Signature + "\n\n" + d.Date.Chinese() + "\n")
	if d.Footnote != "" {
		b.WriteString("\n" + d.Footnote + "\n")
	}
	return b.String()
}

var page = template.Must(template.New("doc").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{max-width:46em;margin:2em auto;padding:0 1em;font:18px/1.9 "FangSong","仿宋_GB2312","仿宋",serif;color:#111}
.issuer{text-align:center;color:#b00;font-size:1.4em;letter-spacing:.1em}
h1{text-align:center;font:bold 1.5em/1.5 "FZXiaoBiaoSong-B05S","方正小标宋简体","SimSun",serif;margin:1em 0}
.number{text-align:center}
p{text-indent:2em;margin:0}
.h1{font-family:"SimHei","黑体",sans-serif}
.h2{font-family:"KaiTi","楷体_GB2312","楷体",serif}
.h3{font-weight:bold}
.sign,.date{text-align:right;text-indent:0;padding-right:4em}
.recipient{text-indent:0}
</style></head><body>
{{with .Issuer}}<div class="issuer">{{.}}</div>{{end}}
<h1>{{.Title}}</h1>
{{with .Number}}<div class="number">{{.}}</div>{{end}}
{{with .Recipient}}<p class="recipient">{{.}}：</p>{{end}}
{{range .Blocks}}<p>{{if .Heading}}<span class="h{{.Level}}">{{.Heading}}</span>{{end}}{{.Text}}</p>
{{end}}<p class="sign">{{.Signature}}</p>
<p class="date">{{.Date.Chinese}}</p>
{{with .Footnote}}<p>{{.}}</p>{{end}}
</body></html>
`))

// HTML renders a document as a standalone HTML page for the public portal.
func HTML(d *duban.Document) (string, error) {
	var b strings.Builder
	err := page.Execute(&b, d)
	return b.String(), err
}
