package web

import (
	"encoding/json"
	"html/template"
)

// toJS writes v as a JavaScript value for a chart's options in a page.
func toJS(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	return template.JS(b), err
}
