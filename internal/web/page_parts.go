package web

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"text/template/parse"
)

// Each page is parsed with the layout and only the partials (templates/_*.html)
// it calls, directly or through another template, and not with all of them:
// with every partial in each of the ~90 template sets (every page in two
// languages) the parsed templates held 59 MB of the server's heap, which
// the garbage collector walked on every cycle.

// pageRoots are templates the Go code executes by name in a page's set,
// beside its layout (pageLayout) and the page's own.
var pageRoots = map[string][]string{
	"ledger.html": {"ledger-level"}, // a level of the tree on its own (ledger_level.go)
}

// partialIndex knows, for the layout and the partials, which file defines
// each template and which templates each calls.
type partialIndex struct {
	file  map[string]string   // template → the partial file defining it ("" for the layout)
	calls map[string][]string // template → the templates it calls
}

func indexPartials(funcs map[string]any) (*partialIndex, error) {
	files, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	ix := &partialIndex{file: map[string]string{}, calls: map[string][]string{}}
	for _, f := range append([]string{"templates/layout.html"}, files...) {
		trees, err := parseTemplateFile(f, funcs)
		if err != nil {
			return nil, err
		}
		for name, calls := range trees {
			if prev, dup := ix.file[name]; dup {
				return nil, fmt.Errorf("web: template %q defined in %s and %s", name, prev, f)
			}
			ix.file[name], ix.calls[name] = f, calls
		}
	}
	ix.file["layout.html"] = ""
	return ix, nil
}

// partialsFor returns the partial files page needs.
func (ix *partialIndex) partialsFor(page string, funcs map[string]any) ([]string, error) {
	own, err := parseTemplateFile(page, funcs)
	if err != nil {
		return nil, err
	}
	base := strings.TrimPrefix(page, "templates/")
	todo := append([]string{"layout.html", pageLayout(base)}, pageRoots[base]...)
	for name := range own {
		todo = append(todo, name)
	}
	seen, files := map[string]bool{}, map[string]bool{}
	for len(todo) > 0 {
		name := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[name] {
			continue
		}
		seen[name] = true
		if calls, ok := own[name]; ok { // the page's own definition comes first, as in its set
			todo = append(todo, calls...)
			continue
		}
		f, ok := ix.file[name]
		if !ok {
			return nil, fmt.Errorf("web: %s calls template %q, which no template file defines", page, name)
		}
		if f != "" {
			files[f] = true
		}
		todo = append(todo, ix.calls[name]...)
	}
	return slices.Sorted(maps.Keys(files)), nil
}

// parseTemplateFile parses one file and returns, for each template it
// defines (and the file's own, named by its base name), the templates it
// calls.
func parseTemplateFile(f string, funcs map[string]any) (map[string][]string, error) {
	text, err := fs.ReadFile(templateFS, f)
	if err != nil {
		return nil, err
	}
	name := strings.TrimPrefix(f, "templates/")
	trees, err := parse.Parse(name, string(text), "", "", funcs)
	if err != nil {
		return nil, fmt.Errorf("web: parse %s: %w", f, err)
	}
	out := map[string][]string{}
	for n, t := range trees {
		var calls []string
		walkTemplateCalls(t.Root, &calls)
		out[n] = calls
	}
	return out, nil
}

func walkTemplateCalls(n parse.Node, calls *[]string) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkTemplateCalls(c, calls)
		}
	case *parse.TemplateNode:
		*calls = append(*calls, n.Name)
	case *parse.IfNode:
		walkTemplateCalls(n.List, calls)
		walkTemplateCalls(n.ElseList, calls)
	case *parse.RangeNode:
		walkTemplateCalls(n.List, calls)
		walkTemplateCalls(n.ElseList, calls)
	case *parse.WithNode:
		walkTemplateCalls(n.List, calls)
		walkTemplateCalls(n.ElseList, calls)
	}
}
